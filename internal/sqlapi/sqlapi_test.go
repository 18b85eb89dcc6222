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

// Package a: calls and handles are recognized by type; nosql: packages
// that do not reach database/sql are skipped; viasqlx and pgxonly: packages
// reaching database/sql only through a wrapper, or pgx alone, are analyzed.
func TestCallsAndHandlesAreRecognizedByType(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, testroot.TestData(), probe, "sqlapi/a", "sqlapi/nosql", "sqlapi/viasqlx", "sqlapi/pgxonly")
}

// tableProbe reports what the handle tables say of every variable of a
// handle type (its class, kind and what releases it) and of every call (the
// effect of a handle's method, owners, wrappers, scoped helpers, producer
// overrides), so that testdata/src/sqlapi/table reads as "// want" comments.
var tableProbe = &analysis.Analyzer{
	Name: "tableprobe",
	Doc:  "report the handle tables' answers",
	Run: func(pass *analysis.Pass) (any, error) {
		res := sqlapi.NewResolver(pass.TypesInfo, pass.Files)
		for _, f := range pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.ValueSpec:
					for _, name := range n.Names {
						obj := pass.TypesInfo.Defs[name]
						if obj == nil {
							continue
						}
						c := sqlapi.ClassOf(obj.Type())
						if c == nil {
							continue
						}
						facts := []string{"class " + c.Pkg + "." + c.Type, c.Kind.String()}
						if c.Drain != "" {
							facts = append(facts, "drain="+c.Drain)
						}
						if c.TxEnd {
							facts = append(facts, "txend")
						}
						if c.Cancel {
							facts = append(facts, "cancel")
						}
						pass.Reportf(name.Pos(), "%s", strings.Join(facts, " "))
					}
				case *ast.CallExpr:
					call, ok := res.Resolve(n)
					if !ok {
						return true
					}
					var facts []string
					if c := call.MethodClass(); c != nil {
						name := call.Name()
						var fx []string
						switch {
						case c.Releases(name):
							fx = append(fx, "releases")
						case c.HandsOver(name):
							fx = append(fx, "hands over")
						case c.Drains(name):
							fx = append(fx, "drains")
						}
						if c.IsSetting(name) {
							fx = append(fx, "setting")
						}
						if c.Kind == sqlapi.DB {
							if c.TakesNoConn(name) {
								fx = append(fx, "idle")
							} else {
								fx = append(fx, "takes a connection")
							}
						}
						if len(fx) == 0 {
							fx = append(fx, "neutral")
						}
						facts = append(facts, name+": "+strings.Join(fx, " "))
					}
					if r, ok := sqlapi.ProducerOf(call); ok {
						switch {
						case !r.Fresh:
							facts = append(facts, "view")
						case r.Arg >= 0:
							facts = append(facts, fmt.Sprintf("fresh when argument %d is a pool or a connection", r.Arg))
						}
					}
					if o, ok := sqlapi.OwnerOf(call); ok {
						facts = append(facts, fmt.Sprintf("owner of argument %d: %s", o.Arg, [...]string{"neutral", "drains", "releases", "hands over"}[o.Effect]))
					}
					if w, ok := sqlapi.WrapperOf(call); ok {
						facts = append(facts, fmt.Sprintf("wrapper from=%d", w.From))
					}
					if s, ok := sqlapi.ScopedOf(call); ok {
						facts = append(facts, fmt.Sprintf("scoped %s from argument %d for callback %d", s.Kind, s.Pool, s.Callback))
					}
					if len(facts) > 0 {
						pass.Reportf(n.Lparen, "%s", strings.Join(facts, "; "))
					}
				}
				return true
			})
		}
		return nil, nil
	},
}

func TestHandleTablesDescribeEveryLibrarysHandles(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, testroot.TestData(), tableProbe, "sqlapi/table")
}
