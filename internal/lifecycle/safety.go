package lifecycle

// This file decides whether a release inserted by a fix is certainly
// safe: fixes are applied unread, so a fix must never change what a
// correct program does. The release a fix adds runs when the function
// returns; it is safe only when nothing uses the handle after that, and
// when the handle is the function's own:
//   - no use may run after the function returns: a closure that is
//     returned, stored, passed on or run by a goroutine, a go statement, a
//     method value (late);
//   - no handle derived from it may outlive the function: rows of a
//     transaction or connection returned to the caller, a statement
//     prepared on a connection and stored (lent);
//   - a release that takes the producer's context (pgx's Rollback(ctx))
//     needs that context live until the release runs (ctxsource.ToEnd);
//   - the producer certainly hands over a handle of the caller's own: a
//     library producer of the tables, or a same-package function with an
//     error result every return of which gives a fresh handle (or nil);
//     not a helper that returns nil without an error (the release would
//     run on nil), nor one that returns a cached handle on some paths, nor
//     a statement from another package's function, which may be a cache's
//     (owned).

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/dbpoollint/dbpoollint/internal/ctxsource"
	"github.com/dbpoollint/dbpoollint/internal/flow"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// calledLocally reports whether the function literal at lit is only
// called by its function, later, through a local variable it is assigned
// to (scan := func() { ... }; scan()): the calls run before the function
// returns.
func (t *tracker) calledLocally(lit inspector.Cursor) bool {
	lhs := flow.AssignedTo(lit)
	if lhs == nil {
		return false
	}
	v, ok := t.e.info.ObjectOf(lhs).(*types.Var)
	if !ok || !t.st.f.InBody(v) {
		return false
	}
	for _, c := range t.st.f.Uses(v) {
		switch c.ParentEdgeKind() {
		case edge.AssignStmt_Lhs, edge.ValueSpec_Names:
			if c.Node() == lhs {
				continue
			}
			return false // assigned another function
		case edge.CallExpr_Fun:
			if c.Parent().ParentEdgeKind() == edge.GoStmt_Call {
				return false
			}
			for p := c.Parent(); p.Valid() && p.Node() != t.st.f.Node; p = p.Parent() {
				if _, ok := p.Node().(*ast.FuncLit); ok {
					return false // called from another closure, which may run later
				}
			}
		default:
			return false
		}
	}
	return true
}

// owned reports whether the call, a producer of the class, certainly hands
// its caller a handle of its own.
func (e *engine) owned(call *ast.CallExpr, class *sqlapi.Class, idx, depth int) bool {
	c, ok := e.res.Resolve(call)
	if !ok {
		return false // a function value: anything
	}
	if row, ok := sqlapi.ProducerOf(c); ok {
		return row.Fresh
	}
	if f := e.fl.Decl(c.Func); f != nil {
		// Without an error result, a failure comes back as a nil handle:
		// a release deferred right after the call would run on nil.
		return e.errIndex(call, idx) >= 0 && e.certainlyFresh(f, class, idx, depth)
	}
	switch {
	case sqlapi.IsLibrary(c.Func):
		return true
	case c.Interface():
		return class.Kind != sqlapi.Stmt && e.errIndex(call, idx) >= 0
	case class.Kind == sqlapi.Stmt:
		return false // another package's statement: a cache may keep it
	}
	return e.errIndex(call, idx) >= 0
}

// certainlyFresh reports whether every return of a same-package function
// gives, as result idx, nil or a handle it produced itself and keeps no
// hold of: no return of a stored handle, a parameter or a field, and no
// closure of its own holding the result.
func (e *engine) certainlyFresh(f *flow.Func, class *sqlapi.Class, idx, depth int) bool {
	if depth > maxDepth {
		return false
	}
	key := freshKey{f, idx}
	if r, ok := e.certain[key]; ok {
		return r
	}
	e.certain[key] = false // recursion: not certain
	r := e.computeCertain(f, class, idx, depth)
	e.certain[key] = r
	return r
}

func (e *engine) computeCertain(f *flow.Func, class *sqlapi.Class, idx, depth int) bool {
	producing := func(x ast.Expr) bool {
		call, ok := ast.Unparen(x).(*ast.CallExpr)
		if !ok {
			return false
		}
		c, i := e.resultClass(call)
		return c != nil && c.Kind == class.Kind && e.isProducer(call, c, i, depth+1) && e.owned(call, c, i, depth+1)
	}
	// A variable holds a fresh handle of the function's own when each of
	// its definitions is nil or a producer's result, and it is neither
	// stored, handed on, released by a deferred call, nor seen by a closure.
	certainVar := func(v *types.Var) bool {
		if !f.InBody(v) && !f.IsResult(v) {
			return false // a parameter, a captured variable
		}
		for _, d := range f.Defs(v) {
			if !d.Known {
				return false
			}
			if d.Assign.Multi != nil {
				call, ok := ast.Unparen(d.Assign.Multi).(*ast.CallExpr)
				if !ok {
					return false
				}
				c, hi := e.resultClass(call)
				if c == nil || c.Kind != class.Kind || hi != d.Assign.Index || !producing(call) {
					return false
				}
				continue
			}
			val := d.Assign.Value()
			if val == nil || e.info.Types[ast.Unparen(val)].IsNil() || producing(val) {
				continue
			}
			return false
		}
		for _, u := range e.newTracker(e.state(f), class, depth+1, true, v).collect() {
			if u.inLit || u.late || (u.kind == evHandover && !u.returned) || (u.kind == evRelease && u.deferred) {
				return false
			}
		}
		return true
	}
	if v := f.Result(idx); v != nil && !certainVar(v) {
		return false // a named result: return db.Prepare(q) with a deferred store of it
	}
	rets := f.Returns()
	if len(rets) == 0 {
		return false
	}
	for _, ret := range rets {
		switch {
		case len(ret.Results) == 0:
			if f.Result(idx) == nil {
				return false
			}
		case len(ret.Results) == 1 && f.NumResults() > 1:
			if !producing(ret.Results[0]) {
				return false
			}
		case idx < len(ret.Results):
			x := ast.Unparen(ret.Results[idx])
			if e.info.Types[x].IsNil() || producing(x) {
				continue
			}
			v := e.fl.LocalVar(x)
			if v == nil || !certainVar(v) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// lend marks the handles from which another handle derives that outlives
// its function: rows of a transaction returned to the caller are closed by
// a deferred Rollback, a connection's Close waits for its rows.
func (r *Result) lend(info *types.Info) {
	byVar := make(map[*types.Var][]*Handle)
	for _, h := range r.Handles {
		for v := range h.vars {
			byVar[v] = append(byVar[v], h)
		}
	}
	if len(byVar) == 0 {
		return
	}
	for _, d := range r.Handles {
		if d.Fate == Discarded || d.Fate == Released || (d.Fate == Tracked && !d.Escapes && !d.late) {
			continue
		}
		// The handle's receiver or arguments: tx.QueryContext(ctx, q),
		// queryOn(tx).
		exprs := append([]ast.Expr(nil), d.Call.Args...)
		if sel, ok := ast.Unparen(d.Call.Fun).(*ast.SelectorExpr); ok {
			exprs = append(exprs, sel.X)
		}
		for _, x := range exprs {
			ast.Inspect(x, func(n ast.Node) bool {
				id, ok := n.(*ast.Ident)
				if !ok {
					return true
				}
				v, ok := info.Uses[id].(*types.Var)
				if !ok {
					return true
				}
				for _, h := range byVar[v] {
					if h != d && h.Func == d.Func {
						h.lent = true
					}
				}
				return true
			})
		}
	}
}

// UsedLater reports whether some use of the handle may run after its
// function returns (a closure returned, stored or run by a goroutine, a
// method value): a release belongs where that use ends, not on the
// function's paths.
func (h *Handle) UsedLater() bool { return h.late }

// releasable reports whether a release added right after the producer is
// certainly safe (see this file's comment).
func (h *Handle) releasable() bool {
	return h.Fate == Tracked && h.Var != nil && !h.Escapes && !h.late && !h.lent && !h.dead && h.own
}

// ctxLiveToEnd reports whether the context the handle was produced with, a
// variable, is live until a release deferred right after the producer
// runs; a context that is not a variable (s.ctx) is taken as it is written.
func (e *engine) ctxLiveToEnd(h *Handle) bool {
	for _, a := range h.Call.Args {
		if !sqlapi.IsContext(e.info.TypeOf(a)) {
			continue
		}
		id, ok := ast.Unparen(a).(*ast.Ident)
		if !ok {
			return true
		}
		v, ok := e.info.Uses[id].(*types.Var)
		if !ok {
			return true
		}
		if e.ctxs == nil {
			e.ctxs = ctxsource.NewFinder(e.fl, false)
		}
		return e.ctxs.LiveVar(v, h.Cursor, ctxsource.ToEnd)
	}
	return true
}

// ContextSpan says how long a context given to the handle's producing call
// must stay live (for a fix that puts one in): rows, a row, a transaction
// and a batch's results keep using theirs (database/sql closes rows and
// rolls a transaction back when it is cancelled, pgx reads with it) for as
// long as they are used; the other handles use it only for the call. A nil
// handle is a call that produces none.
func (h *Handle) ContextSpan() ctxsource.Span {
	if h == nil {
		return ctxsource.ForCall
	}
	switch h.Kind {
	case sqlapi.Rows, sqlapi.Row, sqlapi.Tx, sqlapi.Batch:
	default:
		return ctxsource.ForCall
	}
	switch h.Fate {
	case Discarded, Released:
		return ctxsource.ForCall
	case HandedOver:
		if h.Escape == Returned {
			return ctxsource.ToCaller
		}
		return ctxsource.Unknown
	}
	switch {
	case h.late || (h.Escapes && h.Escape != Returned):
		return ctxsource.Unknown
	case h.Escapes || h.lent:
		return ctxsource.ToCaller // returned, or rows of it are
	}
	return ctxsource.ToEnd
}
