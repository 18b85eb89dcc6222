// Package noreturn knows which calls never return, so that the paths they end
// are not taken for paths that reach the end of a function: the mayReturn
// argument of golang.org/x/tools/go/cfg.New.
package noreturn

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"
)

// Call reports whether call never returns: the panic builtin, os.Exit,
// runtime.Goexit, functions and methods named Fatal, Fatalf, Fatalln, Panic,
// Panicf or Panicln (the log package's and every logger's), and testing's
// FailNow, SkipNow, Skip and Skipf (also through testing.TB or another
// interface).
func Call(info *types.Info, call *ast.CallExpr) bool {
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := info.Uses[id].(*types.Builtin); ok {
			return b.Name() == "panic"
		}
	}
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok {
		return false
	}
	pkg := ""
	if fn.Pkg() != nil {
		pkg = fn.Pkg().Path()
	}
	switch fn.Name() {
	case "Fatal", "Fatalf", "Fatalln", "Panic", "Panicf", "Panicln":
		return true
	case "Exit":
		return pkg == "os"
	case "Goexit":
		return pkg == "runtime"
	case "FailNow":
		return pkg == "testing" || isInterfaceMethod(fn)
	case "SkipNow", "Skip", "Skipf":
		return pkg == "testing"
	}
	return false
}

// MayReturn returns the mayReturn function cfg.New takes, for the package
// whose type information is info.
func MayReturn(info *types.Info) func(*ast.CallExpr) bool {
	return func(call *ast.CallExpr) bool { return !Call(info, call) }
}

func isInterfaceMethod(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	return ok && sig.Recv() != nil && types.IsInterface(sig.Recv().Type())
}
