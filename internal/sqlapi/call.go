package sqlapi

import (
	"go/ast"
	"go/token"
	"go/types"
	"sync"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/dbpoollint/dbpoollint/internal/flow"
)

// Via says how a call reaches its callee.
type Via int

const (
	// Direct: x.M(...) or pkg.F(...), including methods promoted through
	// embedded fields and calls through an interface or a type parameter.
	Direct Via = iota
	// MethodExpr: T.M(x, ...), the receiver passed as the first argument.
	MethodExpr
	// MethodValue: f := x.M; f(...), through a local variable bound once to
	// a method value.
	MethodValue
)

// Call is a call whose callee is known by type.
type Call struct {
	Expr *ast.CallExpr
	// Func is the callee, mapped to its generic origin. For a call through an
	// interface or a type parameter's constraint it is the interface method.
	Func *types.Func
	// Recv is the receiver expression of a method call (the x of x.M, the first
	// argument of a method expression, the x a method value was taken from);
	// nil for a package-level function.
	Recv ast.Expr
	// Args are the arguments after the receiver.
	Args []ast.Expr
	// Via says how the call reaches Func.
	Via Via
}

// Interface reports whether the call dispatches dynamically, through an
// interface method or a type parameter's constraint.
func (c Call) Interface() bool {
	sig, ok := c.Func.Type().(*types.Signature)
	return ok && sig.Recv() != nil && types.IsInterface(sig.Recv().Type())
}

// Name returns the callee's name.
func (c Call) Name() string { return c.Func.Name() }

// IsFunc reports whether the callee is the package-level function pkgPath.name.
func (c Call) IsFunc(pkgPath, name string) bool {
	return c.Recv == nil && c.Func.Name() == name && c.Func.Pkg() != nil && c.Func.Pkg().Path() == pkgPath
}

// IsMethod reports whether the callee is the concrete method name declared on
// the named type pkgPath.typeName (value or pointer receiver). A method
// promoted through embedding is declared on the embedded type: a call of
// Query on a *sqlx.DB is (*database/sql.DB).Query.
func (c Call) IsMethod(pkgPath, typeName, name string) bool {
	if c.Func.Name() != name || c.Interface() {
		return false
	}
	recv := c.Func.Type().(*types.Signature).Recv()
	return recv != nil && IsNamed(recv.Type(), pkgPath, typeName)
}

// RecvType returns the static type of the receiver expression, or nil.
func (c Call) RecvType(info *types.Info) types.Type {
	if c.Recv == nil {
		return nil
	}
	return info.TypeOf(c.Recv)
}

// Resolver resolves calls to their callees. It remembers, per package, the
// local variables bound once to a method value, so that f := db.Query; f(q)
// resolves like db.Query(q). One per package (scope.Package.Resolver shares
// it among the suite's analyzers); it is safe for concurrent use.
type Resolver struct {
	info    *types.Info
	files   []*ast.File
	inspect func() *inspector.Inspector // the package's syntax index, or nil
	once    sync.Once
	values  map[*types.Var]*ast.SelectorExpr // scanned on first need
}

// NewResolver returns a Resolver for the package whose syntax is files.
func NewResolver(info *types.Info, files []*ast.File) *Resolver {
	return &Resolver{info: info, files: files}
}

// WithInspector returns a Resolver that scans the package's syntax through
// the inspector in returns (called on first need), faster than walking the
// files.
func WithInspector(info *types.Info, files []*ast.File, in func() *inspector.Inspector) *Resolver {
	return &Resolver{info: info, files: files, inspect: in}
}

// Info returns the type information the resolver was built with.
func (r *Resolver) Info() *types.Info { return r.info }

// Resolve returns the call's callee and receiver. It fails for calls of
// function values it cannot trace, conversions and builtins.
func (r *Resolver) Resolve(call *ast.CallExpr) (Call, bool) {
	fun := unindex(ast.Unparen(call.Fun))
	switch fun := fun.(type) {
	case *ast.SelectorExpr:
		if sel, ok := r.info.Selections[fun]; ok {
			fn, ok := sel.Obj().(*types.Func)
			if !ok {
				return Call{}, false // a func-typed field
			}
			switch sel.Kind() {
			case types.MethodVal:
				return Call{Expr: call, Func: fn.Origin(), Recv: fun.X, Args: call.Args, Via: Direct}, true
			case types.MethodExpr:
				if len(call.Args) == 0 {
					return Call{}, false
				}
				return Call{Expr: call, Func: fn.Origin(), Recv: call.Args[0], Args: call.Args[1:], Via: MethodExpr}, true
			}
			return Call{}, false
		}
		// A qualified identifier: pkg.F.
		if fn, ok := r.info.Uses[fun.Sel].(*types.Func); ok {
			return Call{Expr: call, Func: fn.Origin(), Args: call.Args, Via: Direct}, true
		}
	case *ast.Ident:
		switch obj := r.info.Uses[fun].(type) {
		case *types.Func:
			return Call{Expr: call, Func: obj.Origin(), Args: call.Args, Via: Direct}, true
		case *types.Var:
			if sel := r.methodValue(obj); sel != nil {
				fn := r.info.Selections[sel].Obj().(*types.Func)
				return Call{Expr: call, Func: fn.Origin(), Recv: sel.X, Args: call.Args, Via: MethodValue}, true
			}
		}
	}
	return Call{}, false
}

// Fun returns the call's function expression without parentheses and
// explicit instantiation: F for F[T](...), x.M for x.M[T](...).
func (c Call) Fun() ast.Expr { return unindex(ast.Unparen(c.Expr.Fun)) }

// unindex strips explicit instantiation: F[T](...), x.M[T](...).
func unindex(e ast.Expr) ast.Expr {
	switch x := e.(type) {
	case *ast.IndexExpr:
		return ast.Unparen(x.X)
	case *ast.IndexListExpr:
		return ast.Unparen(x.X)
	}
	return e
}

// MethodValue returns the selector x.M a local variable was bound to, when it
// is assigned exactly once and that assignment is a method value; else nil.
func (r *Resolver) MethodValue(v *types.Var) *ast.SelectorExpr {
	return r.methodValue(v)
}

func (r *Resolver) methodValue(v *types.Var) *ast.SelectorExpr {
	if v == nil || v.IsField() || v.Parent() == nil || v.Parent() == v.Pkg().Scope() {
		return nil // fields, parameters' outer scopes and globals can change anywhere
	}
	if _, ok := v.Type().Underlying().(*types.Signature); !ok {
		return nil
	}
	r.once.Do(func() { r.values = r.scanMethodValues() })
	return r.values[v]
}

// scanMethodValues finds the function-typed local variables assigned exactly
// once, from a method value.
func (r *Resolver) scanMethodValues() map[*types.Var]*ast.SelectorExpr {
	bound := make(map[*types.Var]*ast.SelectorExpr)
	assigned := make(map[*types.Var]int)
	record := func(lhs ast.Expr, rhs ast.Expr) {
		id, ok := ast.Unparen(lhs).(*ast.Ident)
		if !ok {
			return
		}
		v, ok := r.info.ObjectOf(id).(*types.Var)
		if !ok {
			return
		}
		if _, ok := v.Type().Underlying().(*types.Signature); !ok {
			return
		}
		assigned[v]++
		if sel, ok := ast.Unparen(rhs).(*ast.SelectorExpr); ok && rhs != nil {
			if s, ok := r.info.Selections[sel]; ok && s.Kind() == types.MethodVal {
				bound[v] = sel
			}
		}
	}
	visit := func(n ast.Node) {
		switch n := n.(type) {
		case *ast.AssignStmt, *ast.ValueSpec:
			for a := range flow.Assigns(n) {
				record(a.Lhs, a.Rhs)
			}
		case *ast.UnaryExpr:
			// &f: the variable may be written through the pointer.
			if n.Op == token.AND {
				if id, ok := ast.Unparen(n.X).(*ast.Ident); ok {
					if v, ok := r.info.ObjectOf(id).(*types.Var); ok {
						assigned[v] += 2
					}
				}
			}
		}
	}
	if r.inspect != nil {
		for cur := range r.inspect().Root().Preorder((*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.UnaryExpr)(nil)) {
			visit(cur.Node())
		}
	} else {
		for _, f := range r.files {
			ast.Inspect(f, func(n ast.Node) bool {
				if n != nil {
					visit(n)
				}
				return true
			})
		}
	}
	for v := range bound {
		if assigned[v] != 1 {
			delete(bound, v)
		}
	}
	return bound
}

// ChainName writes a call's function the way a message names it, the
// arguments of a chain's calls elided: db.Where(...).First.
func ChainName(fun ast.Expr) string {
	sel, ok := fun.(*ast.SelectorExpr)
	if !ok {
		return types.ExprString(fun)
	}
	call, ok := ast.Unparen(sel.X).(*ast.CallExpr)
	if !ok {
		return types.ExprString(fun)
	}
	args := "()"
	if len(call.Args) > 0 {
		args = "(...)"
	}
	return ChainName(ast.Unparen(call.Fun)) + args + "." + sel.Sel.Name
}
