package flow_test

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/dbpoollint/dbpoollint/internal/flow"
	"github.com/dbpoollint/dbpoollint/internal/scope"
	"github.com/dbpoollint/dbpoollint/internal/testroot"
)

var destKinds = [...]string{"dropped", "blank", "bound", "stored", "returned", "selected", "argument", "elsewhere"}

// probe reports what the flow layer says of the functions, calls and
// variables of testdata/src/flow, so that the cases read as "// want"
// comments: each function's parameters, results and whether it returns;
// where the results of produce() and one() go (in dests); the targets of
// each assignment (in assigns); the definitions of use's arguments that
// reach the call (in reaching); whether use's arguments are local (in locals).
var probe = &analysis.Analyzer{
	Name:     "flowprobe",
	Doc:      "report the flow layer's answers",
	Requires: []*analysis.Analyzer{scope.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		fl := scope.Of(pass).Flow()
		for _, f := range fl.Funcs() {
			if f.Obj == nil {
				continue
			}
			msg := fmt.Sprintf("func %s params=%d results=%d", f.Name(), f.Obj.Signature().Params().Len(), f.NumResults())
			if f.NeverReturns() {
				msg += " noreturn"
			}
			pass.Reportf(f.Node.Pos(), "%s", msg)
		}
		for cur := range fl.Inspector().Root().Preorder((*ast.CallExpr)(nil), (*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil)) {
			f := fl.Enclosing(cur)
			for f != nil && f.Obj == nil {
				f = f.Outer // the declaration a literal is in names the case
			}
			if f == nil {
				continue
			}
			switch n := cur.Node().(type) {
			case *ast.CallExpr:
				id, ok := ast.Unparen(n.Fun).(*ast.Ident)
				if !ok {
					continue
				}
				switch {
				case f.Obj.Name() == "dests" && (id.Name == "produce" || id.Name == "one"):
					d := fl.Dest(cur, 0)
					msg := "dest=" + destKinds[d.Kind]
					switch d.Kind {
					case flow.Bound:
						msg += ":" + d.Var.Name()
					case flow.Argument:
						msg += fmt.Sprintf(":%d", d.Index)
					}
					pass.Reportf(n.Pos(), "%s", msg)
				case f.Obj.Name() == "reaching" && id.Name == "use":
					for _, arg := range n.Args {
						v := fl.LocalVar(arg)
						g := fl.Enclosing(cur)
						defs, entry, ok := g.Reaching(v, arg.Pos())
						if !ok {
							continue
						}
						var lines []string
						for _, d := range defs {
							lines = append(lines, fmt.Sprint(pass.Fset.Position(d.Node.Pos()).Line))
						}
						slices.Sort(lines)
						if entry {
							lines = append(lines, "entry")
						}
						pass.Reportf(arg.Pos(), "reaching %s: %s", v.Name(), strings.Join(lines, " "))
					}
				case f.Obj.Name() == "locals" && id.Name == "use":
					g := fl.Enclosing(cur)
					for _, arg := range n.Args {
						name := arg.(ast.Expr)
						if sel, ok := name.(*ast.SelectorExpr); ok {
							name = sel.Sel
						}
						v, _ := pass.TypesInfo.ObjectOf(name.(*ast.Ident)).(*types.Var)
						if g.IsLocal(v) {
							pass.Reportf(arg.Pos(), "local %s", v.Name())
						} else {
							pass.Reportf(arg.Pos(), "not local %s", v.Name())
						}
					}
				}
			case *ast.AssignStmt, *ast.ValueSpec:
				if f.Obj.Name() != "assigns" {
					continue
				}
				var parts []string
				for a := range flow.Assigns(n) {
					part := types.ExprString(a.Lhs)
					switch {
					case a.Rhs != nil:
						part += "=" + types.ExprString(a.Rhs)
					case a.Multi != nil:
						part += fmt.Sprintf("<%s[%d]", types.ExprString(a.Multi), a.Index)
					}
					parts = append(parts, part)
				}
				pass.Reportf(n.Pos(), "assign %s", strings.Join(parts, " "))
			}
		}
		return nil, nil
	},
}

func TestFlowLayerAnswersAboutFunctionsCallsAndVariables(t *testing.T) {
	analysistest.Run(t, testroot.TestData(), probe, "flow/a")
}
