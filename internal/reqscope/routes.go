package reqscope

// This file finds the route and gRPC service registrations of a package:
// the functions they register run per request.

import (
	"go/ast"
	"go/constant"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/dbpoollint/dbpoollint/internal/flow"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// scan records the package's route and gRPC service registrations.
func (f *Finder) scan() {
	if f.scanned {
		return
	}
	f.scanned = true
	f.litRoutes = make(map[*ast.FuncLit]route)
	f.funcRoutes = make(map[*types.Func]route)
	f.services = make(map[*types.TypeName]map[string]bool)
	for c := range f.in.Root().Preorder((*ast.CallExpr)(nil), (*ast.AssignStmt)(nil), (*ast.KeyValueExpr)(nil)) {
		switch n := c.Node().(type) {
		case *ast.CallExpr:
			callee, _ := typeutil.Callee(f.info, n).(*types.Func)
			if callee == nil {
				continue
			}
			f.scanService(n, callee)
			f.scanRoute(n, callee)
		case *ast.AssignStmt:
			// routes["/x"] = func...
			for a := range flow.Assigns(n) {
				if ix, ok := ast.Unparen(a.Lhs).(*ast.IndexExpr); ok && a.Rhs != nil {
					f.tableRoute(ix.Index, a.Rhs)
				}
			}
		case *ast.KeyValueExpr:
			// map[string]http.HandlerFunc{"/x": func...}
			f.tableRoute(n.Key, n.Value)
		}
	}
}

// tableRoute records a function literal stored in a table of routes under a
// constant path key.
func (f *Finder) tableRoute(key, value ast.Expr) {
	lit, ok := f.funcArg(value).(*ast.FuncLit)
	if !ok {
		return
	}
	if p, ok := f.constPath(key); ok {
		if _, seen := f.litRoutes[lit]; !seen {
			f.litRoutes[lit] = route{pattern: p}
		}
	}
}

func (f *Finder) constPath(e ast.Expr) (string, bool) {
	tv, ok := f.info.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	p := constant.StringVal(tv.Value)
	return p, isPath(p)
}

// scanService records Register<Service>Server(s, impl): the methods of the
// service interface are request scopes on impl's type.
func (f *Finder) scanService(call *ast.CallExpr, callee *types.Func) {
	name := callee.Name()
	sig := callee.Signature()
	if sig.Recv() != nil || !strings.HasPrefix(name, "Register") || !strings.HasSuffix(name, "Server") ||
		sig.Params().Len() != 2 || len(call.Args) != 2 {
		return
	}
	iface, ok := types.Unalias(sig.Params().At(1).Type()).(*types.Named)
	if !ok {
		return
	}
	it, ok := iface.Underlying().(*types.Interface)
	if !ok {
		return
	}
	impl := sqlapi.NamedOf(f.info.TypeOf(call.Args[1]))
	if impl == nil {
		return
	}
	methods := f.services[impl.Obj()]
	if methods == nil {
		methods = make(map[string]bool)
		f.services[impl.Obj()] = methods
	}
	for m := range it.Methods() {
		if m.Exported() {
			methods[m.Name()] = true
		}
	}
}

// scanRoute records the functions passed after a constant path argument:
// mux.HandleFunc("/x", h), r.GET("/x", h), app.Get("/x", h).
func (f *Finder) scanRoute(call *ast.CallExpr, callee *types.Func) {
	pattern := ""
	for i, arg := range call.Args {
		if pattern == "" {
			if p, ok := f.constPath(arg); ok {
				pattern = p
			}
			continue
		}
		r := route{pattern: pattern, verb: isVerb(callee.Name()) && callee.Signature().Recv() != nil}
		switch fn := f.funcArg(call.Args[i]).(type) {
		case *ast.FuncLit:
			f.litRoutes[fn] = r
		case *types.Func:
			if _, ok := f.funcRoutes[fn]; !ok {
				f.funcRoutes[fn] = r
			}
		}
	}
}

// funcArg returns the function an argument passes: an *ast.FuncLit, or the
// *types.Func of a named function or method value; through parentheses and
// conversions (http.HandlerFunc(h)).
func (f *Finder) funcArg(e ast.Expr) any {
	for range 4 {
		e = ast.Unparen(e)
		call, ok := e.(*ast.CallExpr)
		if !ok || len(call.Args) != 1 {
			break
		}
		if tv, ok := f.info.Types[call.Fun]; !ok || !tv.IsType() {
			break
		}
		e = call.Args[0]
	}
	switch e := e.(type) {
	case *ast.FuncLit:
		return e
	case *ast.Ident:
		if fn, ok := f.info.Uses[e].(*types.Func); ok {
			return fn.Origin()
		}
	case *ast.SelectorExpr:
		if fn, ok := f.info.Uses[e.Sel].(*types.Func); ok {
			return fn.Origin()
		}
	}
	return nil
}

// isPath reports whether a route pattern is a path ("/orders") or a
// net/http method pattern ("GET /orders/{id}").
func isPath(p string) bool {
	if strings.HasPrefix(p, "/") {
		return true
	}
	method, rest, ok := strings.Cut(p, " ")
	return ok && method != "" && strings.ToUpper(method) == method && strings.HasPrefix(strings.TrimLeft(rest, " "), "/")
}

func isVerb(name string) bool {
	switch strings.ToLower(name) {
	case "get", "post", "put", "patch", "delete", "head", "options", "connect", "trace",
		"any", "all", "handle", "handlefunc", "match":
		return true
	}
	return false
}

// declName names a declared function: "HandleOrders", "Server.GetOrder".
func declName(decl *ast.FuncDecl, obj types.Object) string {
	fn, ok := obj.(*types.Func)
	if !ok {
		return decl.Name.Name
	}
	if recv := fn.Signature().Recv(); recv != nil {
		if n := sqlapi.NamedOf(recv.Type()); n != nil {
			return n.Obj().Name() + "." + fn.Name()
		}
	}
	return fn.Name()
}

// isNamed reports whether t itself (not a pointer to it) is pkgPath.name.
func isNamed(t types.Type, pkgPath, name string) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	obj := n.Obj()
	return obj.Pkg() != nil && obj.Pkg().Path() == pkgPath && obj.Name() == name
}

func isError(t types.Type) bool {
	return types.Identical(t, types.Universe.Lookup("error").Type())
}
