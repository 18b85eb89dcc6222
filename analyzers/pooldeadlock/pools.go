package pooldeadlock

// This file knows which pool a call takes a connection from: a pool by data
// flow, a variable and the fields selected from it, followed into
// same-package functions through their receiver and parameters.

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/dbpoollint/dbpoollint/internal/flow"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// maxDepth bounds how deep same-package callees are read.
const maxDepth = 3

// isPool reports whether e is a pool: of a pool class's type, concrete (an
// interface may hold a transaction).
func isPool(info *types.Info, e ast.Expr) bool {
	return poolType(info.TypeOf(e))
}

// poolType reports whether t is a pool's type, or a type parameter whose
// every type is one.
func poolType(t types.Type) bool {
	if tp, ok := t.(*types.TypeParam); ok {
		return poolTerms(tp.Constraint())
	}
	if t == nil || types.IsInterface(t) {
		return false
	}
	c := sqlapi.ClassOf(t)
	return c != nil && c.Kind == sqlapi.DB
}

// typeParamPool returns the pool class of a type parameter whose types are
// all pools (the first of them: they share their methods' meaning), or nil.
func typeParamPool(t types.Type) *sqlapi.Class {
	tp, ok := t.(*types.TypeParam)
	if !ok || !poolType(tp) {
		return nil
	}
	var found *sqlapi.Class
	var first func(types.Type)
	first = func(c types.Type) {
		iface, ok := c.Underlying().(*types.Interface)
		if !ok {
			return
		}
		for i := range iface.NumEmbeddeds() {
			if found != nil {
				return
			}
			switch e := iface.EmbeddedType(i).(type) {
			case *types.Union:
				if e.Len() > 0 {
					found = sqlapi.ClassOf(e.Term(0).Type())
				}
			default:
				if types.IsInterface(e) {
					first(e)
				} else {
					found = sqlapi.ClassOf(e)
				}
			}
		}
	}
	first(tp.Constraint())
	return found
}

// poolTerms reports whether a constraint restricts its types to pools: some
// union of its embeds lists nothing but pools.
func poolTerms(constraint types.Type) bool {
	iface, ok := constraint.Underlying().(*types.Interface)
	if !ok {
		return false
	}
	for i := range iface.NumEmbeddeds() {
		switch e := iface.EmbeddedType(i).(type) {
		case *types.Union:
			all := e.Len() > 0
			for j := range e.Len() {
				if !poolType(e.Term(j).Type()) {
					all = false
				}
			}
			if all {
				return true
			}
		case *types.Named, *types.Alias:
			if types.IsInterface(e) && poolTerms(e) {
				return true
			}
			if !types.IsInterface(e) && poolType(e) {
				return true
			}
		}
	}
	return false
}

// frame maps the receiver and parameters of a same-package function being
// read to the paths of what its caller passed.
type frame struct {
	bind  map[*types.Var]flow.Path
	depth int
}

// translate rewrites a path of the frame's function in its caller's terms.
func (fr *frame) translate(p flow.Path) (flow.Path, bool) {
	if fr == nil {
		return p, true
	}
	q, ok := fr.bind[p.Root]
	if !ok {
		return flow.Path{}, false // a local of the callee, or something else
	}
	q.Fields += p.Fields
	return q, true
}

// acquisition is a call that takes a connection from a pool.
type acquisition struct {
	pool  flow.Path
	inner *ast.CallExpr // the call inside a same-package callee that does, or nil
}

// acquires reports whether the call takes a connection from a pool, and
// which (in the terms of the function the call is in, or of the frame's
// caller): a method of a pool that is not one of its idle ones, a library
// function given a pool, or a same-package function that does either with a
// pool its caller gave it or one of the caller's receiver's fields.
func (c *checker) acquires(call *ast.CallExpr, fr *frame) (acquisition, bool) {
	info := c.pass.TypesInfo
	rc, ok := c.res.Resolve(call)
	if !ok {
		return acquisition{}, false
	}
	if rc.Recv != nil && sqlapi.RunsOnBinding(rc) {
		// A statement or a sqlc Queries: the pool it was bound to, if any.
		if p, ok := c.recvPath(rc); ok {
			if p, ok := fr.translate(c.canon(p)); ok {
				return acquisition{pool: c.canon(p)}, true
			}
		}
		return acquisition{}, false
	}
	if rc.Recv != nil {
		cl := rc.MethodClass()
		if rc.Interface() {
			cl = typeParamPool(info.TypeOf(rc.Recv))
		}
		if cl != nil && cl.Kind == sqlapi.DB && isPool(info, rc.Recv) {
			if cl.TakesNoConn(rc.Name()) {
				return acquisition{}, false
			}
			if p, ok := c.valuePath(rc.Recv, ""); ok { // db.Where(...).Find(&x): db
				if p, ok := fr.translate(c.canon(p)); ok {
					return acquisition{pool: c.canon(p)}, true
				}
			}
			return acquisition{}, false
		}
	}
	if sqlapi.IsLibrary(rc.Func) && rc.Recv == nil {
		for _, a := range rc.Args {
			if !isPool(info, a) {
				continue
			}
			if p, ok := flow.PathOf(info, a); ok {
				if p, ok := fr.translate(c.canon(p)); ok {
					return acquisition{pool: c.canon(p)}, true
				}
			}
		}
		return acquisition{}, false
	}
	f := c.fl.Decl(rc.Func)
	depth := 0
	if fr != nil {
		depth = fr.depth
	}
	if f == nil || depth >= maxDepth || c.busy[f] {
		return acquisition{}, false
	}
	inner := &frame{bind: make(map[*types.Var]flow.Path), depth: depth + 1}
	bind := func(v *types.Var, e ast.Expr) {
		if v == nil || e == nil {
			return
		}
		if p, ok := flow.PathOf(info, e); ok {
			if p, ok := fr.translate(p); ok {
				inner.bind[v] = p
			}
		}
	}
	bind(f.Recv(), rc.Recv)
	for i, a := range rc.Args {
		v, variadic := f.Param(i)
		if variadic {
			break
		}
		bind(v, a)
	}
	if len(inner.bind) == 0 {
		return acquisition{}, false
	}
	c.busy[f] = true
	defer delete(c.busy, f)
	var found acquisition
	ok = false
	c.calls(f.Cursor, func(cc *ast.CallExpr) bool {
		if a, yes := c.acquires(cc, inner); yes {
			found, ok = acquisition{pool: a.pool, inner: cc}, true
			if a.inner != nil {
				found.inner = a.inner
			}
			return false
		}
		return true
	})
	return found, ok
}

// calls calls visit for every call that runs when the function or node at
// cur runs: not the calls of a go statement (the goroutine may outlive the
// wait), nor of a defer (it runs at the end), nor of a function literal
// unless it is called right there. visit returning false stops the walk.
func (c *checker) calls(cur inspector.Cursor, visit func(*ast.CallExpr) bool) {
	stop := false
	var walk func(inspector.Cursor)
	walk = func(cur inspector.Cursor) {
		for n := range cur.Children() {
			if stop {
				return
			}
			switch x := n.Node().(type) {
			case *ast.GoStmt, *ast.DeferStmt:
				continue
			case *ast.FuncLit:
				if n.ParentEdgeKind() != edge.CallExpr_Fun {
					continue // a function value: it may run elsewhere, later
				}
			case *ast.CallExpr:
				if !visit(x) {
					stop = true
					return
				}
			}
			walk(n)
		}
	}
	switch n := cur.Node().(type) {
	case *ast.GoStmt, *ast.DeferStmt:
		return
	case *ast.CallExpr:
		if !visit(n) {
			return
		}
	}
	walk(cur)
}
