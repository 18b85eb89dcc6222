package lifecycle

// This file completes the first stage for calls: what a call does to a
// handle it is given, as receiver or argument, reading the bodies of
// same-package callees and closures and the owners of the tables.

import (
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/dbpoollint/dbpoollint/internal/flow"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// methodFate classifies calling the method c on a handle of the class.
func (e *engine) methodFate(c sqlapi.Call, class *sqlapi.Class, depth int) summary {
	switch {
	case class.Releases(c.Name()):
		return summary{kind: evRelease}
	case class.HandsOver(c.Name()):
		return summary{kind: evHandover}
	}
	if f := e.fl.Decl(c.Func); f != nil {
		return e.paramFate(f, -1, class, depth+1) // this package's method: read it
	}
	if c.Interface() || sqlapi.IsLibrary(c.Func) {
		return summary{}
	}
	if class.Kind == sqlapi.Rows && readsRow(c.Name()) {
		return summary{} // a fork's StructScan reads one row, like Scan
	}
	return summary{kind: evHandover} // a wrapper's method in another package
}

// readsRow reports whether a method of a rows wrapper of another package
// (a sqlx fork's rows) reads the current row or the rows' state, by the
// names sqlx and database/sql give those methods.
func readsRow(name string) bool {
	switch name {
	case "Next", "Err", "Columns", "ColumnTypes", "NextResultSet":
		return true
	}
	return strings.HasSuffix(name, "Scan")
}

// argFate classifies passing a handle as argument idx of the call at callCur.
func (e *engine) argFate(callCur inspector.Cursor, idx int, class *sqlapi.Class, depth int) summary {
	call := callCur.Node().(*ast.CallExpr)
	if lit, ok := ast.Unparen(call.Fun).(*ast.FuncLit); ok {
		f := e.fl.Func(lit)
		if f == nil {
			return summary{kind: evHandover}
		}
		return e.paramFate(f, idx, class, depth+1)
	}
	c, ok := e.res.Resolve(call)
	if !ok {
		return summary{kind: evHandover} // a function value
	}
	if c.Via == sqlapi.MethodExpr {
		if idx == 0 {
			return e.methodFate(c, class, depth)
		}
		idx--
	}
	// An owner of the tables, or recognized by shape (sqlc's WithTx, which
	// may be generated into this package), before reading the body.
	if o, ok := sqlapi.OwnerOf(c); ok && o.Arg == idx {
		switch o.Effect {
		case sqlapi.Releases:
			return summary{kind: evRelease}
		case sqlapi.Drains:
			return summary{kind: evDrain}
		case sqlapi.HandsOver:
			return summary{kind: evHandover}
		}
		return summary{}
	}
	if f := e.fl.Decl(c.Func); f != nil {
		return e.paramFate(f, idx, class, depth+1) // this package's function: read it
	}
	if sqlapi.IsLibrary(c.Func) && !c.Interface() || sqlapi.IsObserver(c.Func) {
		return summary{}
	}
	if c.Recv == nil && class.Kind != sqlapi.DB && onlyReleases(c.Func, idx, class) {
		// closeQuietly(rows) of another package, taking an io.Closer: all
		// it can do with the handle is release it. The rows' other duties
		// (their Err) stay here.
		return summary{kind: evRelease}
	}
	// An interface method, a function value, or another package's function.
	escape := Stays
	if c.Recv != nil && !c.Interface() && e.longLived(callCur, c.Recv) {
		escape = Shared
	}
	return summary{kind: evHandover, escape: escape}
}

// onlyReleases reports whether parameter idx of fn (the element of its
// variadic parameter included) is an interface whose every method releases
// a handle of the class: an io.Closer given rows, a statement or a
// connection (func closeQuietly(c io.Closer)). Methods taking one register
// it for later (s.closers.Add(rows)), and a pool given to an io.Closer is
// most often kept to close at shutdown: neither is asked.
func onlyReleases(fn *types.Func, idx int, class *sqlapi.Class) bool {
	sig := fn.Signature()
	params := sig.Params()
	if idx < 0 || params.Len() == 0 {
		return false
	}
	var t types.Type
	switch last := params.Len() - 1; {
	case sig.Variadic() && idx >= last:
		s, ok := params.At(last).Type().Underlying().(*types.Slice)
		if !ok {
			return false
		}
		t = s.Elem()
	case idx <= last:
		t = params.At(idx).Type()
	default:
		return false
	}
	it, ok := t.Underlying().(*types.Interface)
	if !ok || it.NumMethods() == 0 {
		return false
	}
	for m := range it.Methods() {
		if !class.Releases(m.Name()) {
			return false
		}
	}
	return true
}

// longLived reports whether the receiver of a method call outlives the
// function the call is in: it is not a variable of that function's body
// (s.cache.Put(k, db), pools.Store(t, db), registry.Add(db)).
func (e *engine) longLived(callCur inspector.Cursor, recv ast.Expr) bool {
	root := recv
	for {
		switch x := ast.Unparen(root).(type) {
		case *ast.SelectorExpr:
			root = x.X
			continue
		case *ast.IndexExpr:
			root = x.X
			continue
		case *ast.StarExpr:
			root = x.X
			continue
		case *ast.Ident:
			v, ok := e.info.Uses[x].(*types.Var)
			f := e.fl.Enclosing(callCur)
			return !ok || f == nil || !f.InBody(v)
		}
		return true
	}
}

// paramFate reads the body of a same-package function (or a closure called
// at once) for what it does to parameter idx (-1: the receiver).
func (e *engine) paramFate(f *flow.Func, idx int, class *sqlapi.Class, depth int) summary {
	if depth > maxDepth {
		return summary{kind: evHandover}
	}
	key := paramKey{f, idx, class}
	if r, ok := e.params[key]; ok {
		return r
	}
	e.params[key] = summary{kind: evHandover} // recursion: assume handled
	var p *types.Var
	if idx < 0 {
		p = f.Recv()
	} else {
		var variadic bool
		p, variadic = f.Param(idx)
		if variadic {
			e.params[key] = summary{kind: evHandover} // collected in a slice: not followed
			return e.params[key]
		}
	}
	r := summary{}
	if p != nil {
		r = e.newTracker(e.state(f), class, depth, true, p).summarize()
		if r.escape == Returned {
			r.escape = Stays // returned to the caller, which the callee's caller is
		}
	}
	e.params[key] = r
	return r
}

// drains reports whether calling c reads rows of the class to their end
// when it returns false: the class's own Next (or an interface's), or a
// same-package method that delegates to it (see delegatesDrain).
func (e *engine) drains(c sqlapi.Call, class *sqlapi.Class) bool {
	if class.Drain == "" || c.Recv == nil || len(c.Args) != 0 {
		return false
	}
	if class.Drains(c.Name()) && (c.MethodClass() == class || c.Interface()) {
		return true
	}
	if f := e.fl.Decl(c.Func); f != nil {
		return e.delegatesDrain(f, class)
	}
	// A wrapper's Next of the same name written in another package
	// (rudder-server's sqlquerywrapper.Rows embeds *sql.Rows and returns
	// r.Rows.Next()): out of sight, so taken to delegate, as the suite takes
	// what it cannot see to be handled.
	if class.Drains(c.Name()) && c.Func.Pkg() != nil {
		sig := c.Func.Signature()
		if b, ok := sig.Results().At(0).Type().Underlying().(*types.Basic); ok && sig.Params().Len() == 0 && sig.Results().Len() == 1 && b.Kind() == types.Bool {
			return true
		}
	}
	return false
}

// delegatesDrain reports whether f, a method of a wrapper of rows of the
// class, returns what the rows' Next returns: it takes nothing, returns a
// bool, and each return gives either the result of Next called on a field
// of the receiver (return r.rows.Next(), or a variable that only holds it)
// or a constant, one of them at least the rows' Next. When such a method
// returns false, the rows it wraps are read to the end.
func (e *engine) delegatesDrain(f *flow.Func, class *sqlapi.Class) bool {
	key := drainKey{f, class}
	if r, ok := e.drainers[key]; ok {
		return r
	}
	e.drainers[key] = false // recursion: no
	recv := f.Recv()
	sig := f.Obj
	if recv == nil || sig == nil || sig.Signature().Params().Len() != 0 || sig.Signature().Results().Len() != 1 {
		return false
	}
	if b, ok := sig.Signature().Results().At(0).Type().Underlying().(*types.Basic); !ok || b.Kind() != types.Bool {
		return false
	}
	inner := func(x ast.Expr) bool {
		call, ok := ast.Unparen(x).(*ast.CallExpr)
		if !ok {
			return false
		}
		c, ok := e.res.Resolve(call)
		if !ok || c.Recv == nil || len(c.Args) != 0 || !class.Drains(c.Name()) || !(c.MethodClass() == class || c.Interface()) {
			return false
		}
		p, ok := flow.PathOf(e.info, c.Recv)
		return ok && p.Root == recv && p.Fields != ""
	}
	delegates := false
	for _, ret := range f.Returns() {
		if len(ret.Results) != 1 {
			return false
		}
		x := ast.Unparen(ret.Results[0])
		if tv, ok := e.info.Types[x]; ok && tv.Value != nil {
			continue // return true, return false
		}
		if v := e.fl.LocalVar(x); v != nil && f.InBody(v) {
			t := e.newTracker(e.state(f), class, maxDepth, true)
			if call := t.onlyValue(v); call != nil {
				x = call
			}
		}
		if !inner(x) {
			return false
		}
		delegates = true
	}
	e.drainers[key] = delegates
	return delegates
}
