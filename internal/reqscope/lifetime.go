package reqscope

// This file knows which context parameters are a worker's lifetime context:
// one that ends only when the worker stops, with no deadline to pass on.

import (
	"go/ast"
	"go/token"
	"go/types"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/dbpoollint/dbpoollint/internal/scope"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// Lifetime says where a context parameter at hand is a worker's lifetime
// context: passing it to a call adds only cancellation at shutdown, no
// deadline. By structure, in one package, with no facts:
//
//   - in a serving loop of the function whose context parameter c is: a for
//     without condition holding a select with a case receiving from
//     c.Done() and another case receiving from a channel (a queue, a
//     ticker's C, time.After), or a range over a channel (for job := range
//     queue, for range ticker.C) whose body checks c.Done() or c.Err(): the
//     loop waits for work and answers to the context;
//   - in a function F whose context parameter p it is, when F is lifetime
//     scoped: unexported (or a function of package main that is not a
//     method), no request scope, and every reference to F outside test
//     code is a call (go and defer included) passing for p exactly the
//     caller's own context parameter (no derivation) where that parameter
//     is itself a lifetime context (in the caller's serving loop, or the
//     caller is lifetime scoped), to a fixed point.
//
// Code in a request scope, in a literal a request scope holds, or in a
// function a request scope refers to never is (a streaming handler's loop
// on the request's context, in the handler or in a helper it calls).
type Lifetime struct {
	o    *OneShot
	once sync.Once
	// funcs: the lifetime-scoped functions, with their lifetime parameter.
	funcs map[*types.Func]*types.Var
	// fromRequest: the functions a request scope refers to (a streaming
	// handler's loop in a helper it calls with the request's context).
	fromRequest map[*types.Func]bool
	// serving: the loops that serve on a context variable (see
	// inServingLoop), found in one pass (noteLoops).
	serving map[loopCtx]bool
}

type lifetimeKey struct{}

// LifetimeOf returns the package's Lifetime, shared by the suite's
// analyzers (built on the first question, under a sync.Once, then only
// read).
func LifetimeOf(pass *analysis.Pass) *Lifetime {
	o := OneShotOf(pass)
	return scope.Shared(scope.Of(pass), lifetimeKey{}, func() *Lifetime { return &Lifetime{o: o} })
}

// At reports whether v, the context at hand for the code at c, is a
// worker's lifetime context there.
func (l *Lifetime) At(c inspector.Cursor, v *types.Var) bool {
	if v == nil {
		return false
	}
	l.once.Do(l.compute)
	return l.at(c, v)
}

// at is At once the functions are known (or while compute finds them).
func (l *Lifetime) at(c inspector.Cursor, v *types.Var) bool {
	if !sqlapi.IsContext(v.Type()) {
		return false
	}
	for fc := range c.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		var ft *ast.FuncType
		switch fn := fc.Node().(type) {
		case *ast.FuncDecl:
			ft = fn.Type
		case *ast.FuncLit:
			ft = fn.Type
		}
		if !l.isParam(ft, v) {
			return false
		}
		if _, req := l.o.req.Enclosing(c); req {
			return false
		}
		fd, _ := fc.Node().(*ast.FuncDecl)
		var obj *types.Func
		if fd != nil {
			obj, _ = l.o.info.Defs[fd.Name].(*types.Func)
			if obj == nil || l.fromRequest[obj] {
				return false
			}
		}
		if l.inServingLoop(c, v) {
			return true
		}
		return obj != nil && l.funcs[obj] == v
	}
	return false
}

// isParam reports whether v is a parameter of the function of type ft.
func (l *Lifetime) isParam(ft *ast.FuncType, v *types.Var) bool {
	if ft == nil || ft.Params == nil {
		return false
	}
	for _, f := range ft.Params.List {
		for _, name := range f.Names {
			if l.o.info.Defs[name] == v {
				return true
			}
		}
	}
	return false
}

// inServingLoop reports whether the code at c is in a serving loop of its
// function that answers to v (see Lifetime).
func (l *Lifetime) inServingLoop(c inspector.Cursor, v *types.Var) bool {
	for e := range c.Enclosing((*ast.ForStmt)(nil), (*ast.RangeStmt)(nil), (*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		switch e.Node().(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			return false
		}
		if l.serving[loopCtx{e.Node(), v}] {
			return true
		}
	}
	return false
}

// loopCtx is a loop and a context variable it answers to.
type loopCtx struct {
	loop ast.Node
	v    *types.Var
}

// noteLoops fills serving, in one pass over the package: a select with a
// case on v.Done() and another receive makes every for without condition
// around it (in its function) serve on v; a call of v.Done() or v.Err()
// does the same for every range over a channel around it.
func (l *Lifetime) noteLoops() {
	l.serving = make(map[loopCtx]bool)
	mark := func(c inspector.Cursor, v *types.Var, sel bool) {
		for e := range c.Enclosing((*ast.ForStmt)(nil), (*ast.RangeStmt)(nil), (*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
			switch loop := e.Node().(type) {
			case *ast.FuncDecl, *ast.FuncLit:
				return
			case *ast.ForStmt:
				if sel && loop.Cond == nil {
					l.serving[loopCtx{loop, v}] = true
				}
			case *ast.RangeStmt:
				if !sel && l.o.rangesOverChan(loop) {
					l.serving[loopCtx{loop, v}] = true
				}
			}
		}
	}
	for c := range l.o.in.Root().Preorder((*ast.SelectStmt)(nil), (*ast.CallExpr)(nil)) {
		switch n := c.Node().(type) {
		case *ast.SelectStmt:
			var done *types.Var
			other := false
			for _, cc := range n.Body.List {
				recv := received(cc.(*ast.CommClause).Comm)
				if recv == nil {
					continue
				}
				if v := l.ctxMethod(recv, "Done"); v != nil {
					done = v
				} else {
					other = true
				}
			}
			if done != nil && other {
				mark(c, done, true)
			}
		case *ast.CallExpr:
			if v := l.ctxMethod(n, "Done"); v != nil {
				mark(c, v, false)
			} else if v := l.ctxMethod(n, "Err"); v != nil {
				mark(c, v, false)
			}
		}
	}
}

// received returns the channel a select case receives from, or nil.
func received(comm ast.Stmt) ast.Expr {
	var e ast.Expr
	switch s := comm.(type) {
	case *ast.ExprStmt:
		e = s.X
	case *ast.AssignStmt:
		if len(s.Rhs) == 1 {
			e = s.Rhs[0]
		}
	}
	if u, ok := ast.Unparen(e).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
		return u.X
	}
	return nil
}

// ctxMethod returns v when e is the call v.name() of a method of
// context.Context on a variable, or nil.
func (l *Lifetime) ctxMethod(e ast.Expr, name string) *types.Var {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 0 {
		return nil
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != name {
		return nil
	}
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	if !ok {
		return nil
	}
	v, ok := l.o.info.Uses[id].(*types.Var)
	if !ok {
		return nil
	}
	if fn, ok := l.o.info.Uses[sel.Sel].(*types.Func); !ok || fn.Pkg() == nil || fn.Pkg().Path() != "context" {
		return nil
	}
	return v
}

// compute finds the lifetime-scoped functions, to a fixed point over the
// references OneShot collected (test code aside).
func (l *Lifetime) compute() {
	l.o.build()
	l.noteLoops()
	l.funcs = make(map[*types.Func]*types.Var)
	l.fromRequest = make(map[*types.Func]bool)
	for fn, refs := range l.o.refs {
		for _, r := range refs {
			if _, req := l.o.req.Enclosing(r); req && !l.o.inTestFile(r.Node().Pos()) {
				l.fromRequest[fn] = true
				break
			}
		}
	}
	type cand struct {
		fn   *types.Func
		refs []inspector.Cursor
	}
	var cands []cand
	for fn, decl := range l.o.decls {
		if !l.o.private(fn) || !hasContextParam(fn.Signature()) {
			continue
		}
		if _, req := l.o.req.Of(decl); req {
			continue
		}
		var src []inspector.Cursor
		for _, r := range l.o.refs[fn] {
			if !l.o.inTestFile(r.Node().Pos()) {
				src = append(src, r)
			}
		}
		if len(src) > 0 {
			cands = append(cands, cand{fn, src})
		}
	}
	for changed := true; changed; {
		changed = false
		for _, c := range cands {
			if _, done := l.funcs[c.fn]; done {
				continue
			}
			params := c.fn.Signature().Params()
			for i := range params.Len() {
				p := params.At(i)
				if sqlapi.IsContext(p.Type()) && l.everyCallPasses(c.refs, i) {
					l.funcs[c.fn] = p
					changed = true
					break
				}
			}
		}
	}
}

// everyCallPasses reports whether every reference in refs is a call whose
// i-th argument is the caller's own context parameter, a lifetime context
// where the call is.
func (l *Lifetime) everyCallPasses(refs []inspector.Cursor, i int) bool {
	for _, r := range refs {
		call, ok := directCall(r)
		if !ok {
			return false // a function value: called by whom, with what?
		}
		ce := call.Node().(*ast.CallExpr)
		if sel, ok := ast.Unparen(ce.Fun).(*ast.SelectorExpr); ok {
			if s, ok := l.o.info.Selections[sel]; ok && s.Kind() == types.MethodExpr {
				return false // the receiver comes first
			}
		}
		if ce.Ellipsis.IsValid() || i >= len(ce.Args) {
			return false
		}
		id, ok := ast.Unparen(ce.Args[i]).(*ast.Ident)
		if !ok {
			return false // derived here: context.WithTimeout(ctx, ...)
		}
		q, ok := l.o.info.Uses[id].(*types.Var)
		if !ok || !l.at(call, q) {
			return false
		}
	}
	return true
}

// hasContextParam reports whether a parameter of sig is a context.Context.
func hasContextParam(sig *types.Signature) bool {
	for v := range sig.Params().Variables() {
		if sqlapi.IsContext(v.Type()) {
			return true
		}
	}
	return false
}
