package reqscope_test

import (
	"go/ast"
	"go/types"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/dbpoollint/dbpoollint/internal/reqscope"
	"github.com/dbpoollint/dbpoollint/internal/scope"
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

// oneShot reports every function declaration whose body runs once per
// process, by the suite's shared OneShot.
var oneShot = &analysis.Analyzer{
	Name:     "oneshot",
	Doc:      "report functions that run once per process",
	Requires: []*analysis.Analyzer{scope.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		if pass.Pkg.Name() == "main" {
			return nil, nil // the generated main of a test binary
		}
		once := reqscope.OneShotOf(pass)
		for c := range scope.Of(pass).Inspector().Root().Preorder((*ast.FuncDecl)(nil)) {
			if fd := c.Node().(*ast.FuncDecl); fd.Body != nil && once.At(c) {
				pass.Reportf(fd.Pos(), "runs once")
			}
		}
		return nil, nil
	},
}

// A package that is nothing but migrations another package registers with
// its own runner (exported functions with a Go migration's signature that
// nothing in it refers to, and nothing else exported that code out of sight
// could run) runs once, library or not; its tests are set aside, as they are
// for a goose package. A package that also exports a function of another
// signature, a type with methods or a variable holding a function, whose
// migration-shaped function another of its functions calls, or with other
// code that may serve (a handler, the methods of a type not only the
// migrations use), does not.
func TestAPackageOfNothingButMigrationsRunsOnce(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, testroot.TestData(), oneShot,
		"reqscope/oneshot/deltas", "reqscope/oneshot/store", "reqscope/oneshot/typed",
		"reqscope/oneshot/calledin", "reqscope/oneshot/funcvar", "reqscope/oneshot/serves",
		"reqscope/oneshot/sharedtype", "reqscope/oneshot/goosemig", "reqscope/oneshot/record")
}

// A package whose functions with a Go migration's signature (sqlx's handles
// and a struct embedding *sql.Tx included) are each referred to only as an
// argument of a call in the package's own init, whatever the registry, with
// a schema change among its strings, is a package of migrations: they run
// once, and so does what only they reach, a helper method given a closure
// that it only calls included; what only a closure given to a helper that
// keeps it or runs it in a goroutine reaches does not. A periodic job
// registered the same way in a package that changes no schema, and a
// package that also registers a handler in init, do not run once.
func TestMigrationsRegisteredAtInitRunOnce(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, testroot.TestData(), oneShot,
		"reqscope/oneshot/initreg", "reqscope/oneshot/initjobs", "reqscope/oneshot/initserves", "reqscope/oneshot/initkeep")
}

// lifetime reports, for every call mark(ctx), whether ctx is a worker's
// lifetime context there, by the suite's shared Lifetime.
var lifetime = &analysis.Analyzer{
	Name:     "lifetime",
	Doc:      "report lifetime contexts",
	Requires: []*analysis.Analyzer{scope.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		life := reqscope.LifetimeOf(pass)
		for c := range scope.Of(pass).Inspector().Root().Preorder((*ast.CallExpr)(nil)) {
			call := c.Node().(*ast.CallExpr)
			if id, ok := call.Fun.(*ast.Ident); !ok || id.Name != "mark" || len(call.Args) != 1 {
				continue
			}
			v, _ := pass.TypesInfo.Uses[call.Args[0].(*ast.Ident)].(*types.Var)
			if life.At(c, v) {
				pass.Reportf(call.Pos(), "lifetime")
			} else {
				pass.Reportf(call.Pos(), "not lifetime")
			}
		}
		return nil, nil
	},
}

// A context parameter is a worker's lifetime context in a loop without
// condition that selects on its Done and on a queue, a ticker or
// time.After, or in a range over a queue that checks it; and in the
// unexported functions every reference to which is a call passing the
// caller's lifetime context, to a fixed point. Not before the loop, not in
// a function also called outside it, given a derived context, used as a
// value or a method expression, exported, nor in a request scope or a
// helper one calls.
func TestLifetimeContextsAreRecognizedByStructure(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, testroot.TestData(), lifetime, "reqscope/lifetime")
}
