package reqscope_test

import (
	"go/ast"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/dbpoollint/dbpoollint/internal/reqscope"
	"github.com/dbpoollint/dbpoollint/internal/testroot"
)

// scopes reports every request scope, and every call of mark() with the
// scope it runs in (or "none").
var scopes = &analysis.Analyzer{
	Name:     "scopes",
	Doc:      "report request scopes",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		in := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
		f := reqscope.New(pass.TypesInfo, in)
		for c := range in.Root().Preorder((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
			if s, ok := f.Of(c); ok {
				pass.Reportf(c.Node().Pos(), "scope: %s", s)
			}
		}
		for c := range in.Root().Preorder((*ast.CallExpr)(nil)) {
			call := c.Node().(*ast.CallExpr)
			if id, ok := call.Fun.(*ast.Ident); !ok || id.Name != "mark" {
				continue
			}
			if s, ok := f.Enclosing(c); ok {
				pass.Reportf(call.Pos(), "runs in %s", s)
			} else {
				pass.Reportf(call.Pos(), "runs in none")
			}
		}
		return nil, nil
	},
}

func TestScopesAreRecognizedByTypes(t *testing.T) {
	analysistest.Run(t, testroot.TestData(), scopes, "singledb/reqscope")
}
