package lifecycle

// This file is the third stage: what happens to a handle where it is
// produced, and, for a handle bound to a local variable, what the path
// search says of it: its exits, drains, escapes and uses.

import (
	"go/ast"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/dbpoollint/dbpoollint/internal/flow"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// follow decides the handle's fate where it is produced and, when it is
// bound to a local variable, follows it along every path.
func (e *engine) follow(h *Handle, idx int) {
	st := e.state(h.Func)
	d := e.fl.Dest(h.Cursor, idx)
	h.Dest = d
	switch d.Kind {
	case flow.Dropped:
		h.Fate = Discarded
		if e.cancelled(st, h) {
			h.Fate = Released // its context is cancelled: the library closes what it dropped
		}
	case flow.Returned:
		h.Fate, h.Escape = HandedOver, Returned
	case flow.Selected:
		// A method called on the result: db.QueryRow(q).Scan(&v).
		if !d.Call.Valid() {
			h.Fate = HandedOver // a method value, or a field
			return
		}
		outer, ok := e.res.Resolve(d.Call.Node().(*ast.CallExpr))
		if !ok {
			h.Fate = HandedOver
			return
		}
		switch e.methodFate(outer, h.Class, 0).kind {
		case evRelease, evHandover, evDrain:
			h.Fate = Released
		default:
			h.Fate = Discarded
			h.Chained = d.Sel.Sel.Name
			if e.cancelled(st, h) {
				h.Fate = Released
			}
		}
	case flow.Argument:
		s := e.argFate(d.Call, d.Index, h.Class, 0)
		if s.kind == evNeutral {
			h.Fate = Discarded
		} else {
			h.Fate, h.Escape = HandedOver, s.escape
		}
	case flow.Blank, flow.Bound, flow.Stored:
		var errD flow.Dest
		if ei := e.errIndex(h.Call, idx); ei >= 0 {
			errD = e.fl.Dest(h.Cursor, ei)
		}
		e.bind(h, st, d, errD)
	default:
		h.Fate = HandedOver
		if d.Cursor.ParentEdgeKind() == edge.CompositeLit_Elts || d.Cursor.ParentEdgeKind() == edge.KeyValueExpr_Value {
			t := e.newTracker(st, h.Class, 0, true)
			h.Escape = t.heldEscape(d.Cursor.Parent())
		}
	}
}

// bind handles a producer assigned to d's target.
func (e *engine) bind(h *Handle, st *funcState, d, errD flow.Dest) {
	var errVar *types.Var
	if errD.Kind == flow.Bound {
		errVar = errD.Var
	}
	switch {
	case d.Kind == flow.Stored:
		h.Fate, h.Escape = HandedOver, Kept // stored in a field, a map, a slice element...
	case d.Kind == flow.Blank:
		h.Fate = Discarded
		if e.cancelled(st, h) {
			h.Fate = Released // its context is cancelled: the library closes what it dropped
			return
		}
		// _, err := db.Query(q); if err == nil { t.Fatal(...) }: the result is
		// dropped only where the call failed, or on paths that never return.
		if errVar != nil && !e.reachesExit(h, st, d.Stmt, errVar) {
			h.Fate = Released
		}
	case !st.f.IsLocal(d.Var):
		// A global, a named result, a variable of an enclosing function.
		h.Fate, h.Escape = HandedOver, Kept
		if st.f.IsResult(d.Var) {
			h.Escape = Returned
		}
	default:
		h.Var = d.Var
		h.Fate = Tracked
		h.stmt = d.Stmt
		h.errVar = errVar
		e.track(h, st)
	}
}

// track follows a handle bound to h.Var along every path of its function.
func (e *engine) track(h *Handle, st *funcState) {
	t := e.newTracker(st, h.Class, 0, false, h.Var)
	t.handle = true
	uses := t.collect()
	prodPos := h.stmt.Node().Pos()
	h.vars = t.vars
	for _, u := range uses {
		// A closure capturing the variable, or its address, taken before the
		// producer sees the handle too: assume it handles it.
		if u.cur.Node().Pos() < prodPos && ((u.inLit && u.kind.done()) || u.addr) {
			h.Fate = HandedOver
			return
		}
		// A closure made before the producer, deferred maybe, may use it
		// after a release added at the producer.
		h.late = h.late || u.late || (u.inLit && u.cur.Node().Pos() < prodPos)
	}
	for _, u := range uses {
		if (u.kind == evHandover || u.kind == evCollect) && u.escape > h.Escape {
			h.Escape = u.escape
		}
		h.Uses = append(h.Uses, u.uses...)
	}
	slices.SortStableFunc(h.Uses, func(a, b Use) int { return int(a.Node.Pos() - b.Node.Pos()) })
	start, ok := st.f.At(h.stmt.Node())
	if !ok {
		return // unreachable code
	}
	events, released := e.place(st, h, uses)
	if released {
		h.Fate = Released
		return
	}
	s := &search{e: e, st: st, t: t, h: h, producer: h.stmt.Node(), errVar: h.errVar, events: events,
		err: e.errEvents(st, h.errVar), guards: e.guardVars(h.stmt, h.Var, h.errVar)}
	flags := uint8(0)
	if h.errVar != nil {
		flags = sErrLive
	}
	s.run(start, flags)
	h.Escapes = s.escapes
	if len(s.leaks) > 0 {
		h.Leaks = sortExits(s.leaks)
	} else {
		h.Drains = s.drains
	}

	// Where the handle holds a connection, for the analyzers that ask what
	// else the function does meanwhile.
	switch h.Kind {
	case sqlapi.Tx, sqlapi.Conn, sqlapi.Rows, sqlapi.Batch:
		ls := &search{e: e, st: st, t: t, h: h, producer: h.stmt.Node(), errVar: h.errVar, events: events,
			err: s.err, live: make(map[ast.Node]bool), budget: &st.liveBudget}
		ls.run(start, flags)
		h.Live = ls.live
	}

	// defer rows.Close() inside the loop that produces the rows.
	if loop := producerLoop(h.stmt); loop != nil {
		h.Loop = loop
		body := loopBody(loop)
		hasDeferred := false
		for _, m := range events {
			for _, ev := range m {
				if ev.kind.done() && ev.deferred && within(ev.node, body) {
					hasDeferred = true
				}
			}
		}
		if hasDeferred {
			ls := &search{e: e, st: st, t: t, h: h, producer: h.stmt.Node(), errVar: h.errVar, events: events,
				err: s.err, guards: s.guards, loop: loop}
			ls.run(start, flags)
			h.DeferInLoop = ls.deferInLoop
		}
	}
}

// reachesExit reports whether a path from the statement at stmt, on which
// the producer's error may be nil, reaches a return or the end of the
// function: where a discarded result would leak.
func (e *engine) reachesExit(h *Handle, st *funcState, stmt inspector.Cursor, errVar *types.Var) bool {
	start, ok := st.f.At(stmt.Node())
	if !ok {
		return false
	}
	t := e.newTracker(st, h.Class, 0, false)
	probe := &Handle{Kind: h.Kind, Class: h.Class, Call: h.Call, Producer: h.Producer}
	s := &search{e: e, st: st, t: t, h: probe, producer: stmt.Node(), errVar: errVar,
		err: e.errEvents(st, errVar), guards: e.guardVars(stmt, nil, errVar)}
	s.run(start, sErrLive)
	return len(s.leaks) > 0
}

// sortExits orders exits by position and drops duplicates.
func sortExits(xs []Exit) []Exit {
	slices.SortFunc(xs, func(a, b Exit) int { return int(a.Pos - b.Pos) })
	out := xs[:0]
	for i, x := range xs {
		if i > 0 && x.Pos == xs[i-1].Pos && x.Kind == xs[i-1].Kind {
			continue
		}
		out = append(out, x)
	}
	return out
}
