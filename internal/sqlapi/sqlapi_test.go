package sqlapi_test

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
	"github.com/dbpoollint/dbpoollint/internal/testroot"
)

// probe reports what sqlapi says of every call and of every variable whose
// type is or wraps a handle, so that the cases read as "// want" comments.
var probe = &analysis.Analyzer{
	Name: "probe",
	Doc:  "report sqlapi's answers",
	Run: func(pass *analysis.Pass) (any, error) {
		if !sqlapi.Reaches(pass.Pkg) {
			return nil, nil
		}
		pass.Reportf(pass.Files[0].Package, "reaches")
		res := sqlapi.NewResolver(pass.TypesInfo, pass.Files)
		for _, f := range pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.CallExpr:
					c, ok := res.Resolve(n)
					if !ok {
						return true
					}
					var facts []string
					if cl := c.MethodClass(); cl != nil && cl.Pkg == sqlapi.SQL && !c.Interface() {
						facts = append(facts, "sql."+cl.Type+"."+c.Name())
					} else {
						facts = append(facts, c.Func.FullName())
					}
					facts = append(facts, [...]string{"direct", "methodexpr", "methodvalue"}[c.Via])
					if c.Interface() {
						facts = append(facts, "interface")
					}
					if c.Recv != nil {
						facts = append(facts, "recv="+types.ExprString(c.Recv))
					}
					if t, ok := sqlapi.TwinOf(c); ok {
						twin := "twin=" + t.Name
						if t.NilOptions {
							twin += "(ctx,nil)"
						}
						facts = append(facts, twin)
					}
					if o, ok := sqlapi.OpenerOf(c); ok {
						facts = append(facts, fmt.Sprintf("opener(dsn=%d,sqldb=%v)", o.DSN, o.SQLDB))
					}
					if s, ok := sqlapi.SinkOf(c); ok {
						facts = append(facts, fmt.Sprintf("sink(arg=%d,%s)", s.Arg, s.Dialect))
					}
					pass.Reportf(n.Lparen, "%s", strings.Join(facts, " "))
				case *ast.ValueSpec:
					for _, name := range n.Names {
						if obj := pass.TypesInfo.Defs[name]; obj != nil {
							if h := sqlapi.HandleOf(obj.Type()); h != sqlapi.NoHandle {
								pass.Reportf(name.Pos(), "handle %s", h)
							}
							if sqlapi.IsContext(obj.Type()) {
								pass.Reportf(name.Pos(), "context")
							}
						}
					}
				}
				return true
			})
		}
		return nil, nil
	},
}

func TestCallsAndHandlesAreRecognizedByType(t *testing.T) {
	analysistest.Run(t, testroot.TestData(), probe, "sqlapi/a")
}

func TestPackagesThatDoNotReachDatabaseSQLAreSkipped(t *testing.T) {
	analysistest.Run(t, testroot.TestData(), probe, "sqlapi/nosql")
}

func TestPackagesReachingDatabaseSQLOnlyThroughAWrapperAreAnalyzed(t *testing.T) {
	analysistest.Run(t, testroot.TestData(), probe, "sqlapi/viasqlx", "sqlapi/pgxonly")
}
