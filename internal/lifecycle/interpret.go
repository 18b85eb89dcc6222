package lifecycle

// This file is the third stage: what happens to a handle where it is
// produced, and, for a handle bound to a local variable, what the path
// search says of it: its exits, drains, escapes and uses.

import (
	"cmp"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"

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
	funcs, ok := e.boundReleasers(h, st)
	if h.only {
		// release, err := s.lock(ctx): the variable holds the release.
		funcs = nil
		if d.Kind == flow.Bound && st.f.IsLocal(d.Var) {
			funcs = []*types.Var{d.Var}
		}
	}
	if !ok || len(funcs) > 0 && d.Kind != flow.Bound {
		// A release function handed on, or kept while the handle is not:
		// whoever has it releases the handle.
		h.Fate = HandedOver
		return
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
		h.Releasers = funcs
		e.track(h, st, funcs)
	}
}

// boundReleasers returns the local variables the producer's release
// functions (see releasers) are bound to: tx, commit, rollback, err :=
// s.begin(ctx). ok is false when one of them goes elsewhere (returned,
// stored).
func (e *engine) boundReleasers(h *Handle, st *funcState) (vars []*types.Var, ok bool) {
	if h.Callee == nil {
		return nil, true
	}
	f := e.fl.Decl(h.Callee)
	if f == nil {
		return nil, true
	}
	idx := -1
	if tup, isTup := e.info.TypeOf(h.Call).(*types.Tuple); isTup {
		for i := range tup.Len() {
			if c := e.classOf(tup.At(i).Type()); c != nil {
				idx = i
				break
			}
		}
	}
	if idx < 0 {
		return nil, true
	}
	for _, j := range e.releasers(f, h.Class, idx) {
		switch d := e.fl.Dest(h.Cursor, j); {
		case d.Kind == flow.Blank:
		case d.Kind == flow.Bound && st.f.IsLocal(d.Var):
			vars = append(vars, d.Var)
		default:
			return nil, false
		}
	}
	return vars, true
}

// track follows a handle bound to h.Var along every path of its function.
func (e *engine) track(h *Handle, st *funcState, funcs []*types.Var) {
	tv := e.trackedVar(st, h.Var, h.Class, funcs)
	t := tv.t
	for _, fv := range funcs {
		if !t.methods[fv] {
			// The variable's uses were classified for another producer,
			// whose release functions were others: trust this one's.
			h.Fate = HandedOver
			return
		}
	}
	prodPos := h.stmt.Node().Pos()
	h.vars = t.vars
	if tv.firstCapture.IsValid() && tv.firstCapture < prodPos {
		// A closure capturing the variable, or its address, taken before the
		// producer sees the handle too: assume it handles it.
		h.Fate = HandedOver
		return
	}
	// A closure made before the producer, deferred maybe, may use it after a
	// release added at the producer.
	h.late = h.late || tv.late || (tv.firstLit.IsValid() && tv.firstLit < prodPos)
	h.Escape = max(h.Escape, tv.escape)
	// A variable assigned more than once holds other handles too: their
	// Next and Err are not this one's. Up to maxReuse assignments, the
	// reaching definitions say which are; past it (generated code) the
	// uses between this producer and the next assignment in source order
	// are this handle's, so that each handle costs its own stretch.
	switch defs := len(tv.defs); {
	case defs <= 1:
		for _, u := range tv.uses {
			h.Uses = append(h.Uses, u.uses...)
		}
	case defs <= maxReuse:
		for _, u := range tv.uses {
			if len(u.uses) > 0 && e.reachedBy(st, h, u) {
				h.Uses = append(h.Uses, u.uses...)
			}
		}
	default:
		end := h.stmt.Node().End()
		i, _ := slices.BinarySearch(tv.defs, end)
		until := token.NoPos
		if i < len(tv.defs) {
			until = tv.defs[i]
		}
		j, _ := slices.BinarySearchFunc(tv.byPos, prodPos, func(k int, p token.Pos) int { return cmp.Compare(tv.uses[k].pos, p) })
		for ; j < len(tv.byPos); j++ {
			u := tv.uses[tv.byPos[j]]
			if until.IsValid() && u.pos >= until {
				break
			}
			h.Uses = append(h.Uses, u.uses...)
		}
	}
	slices.SortStableFunc(h.Uses, func(a, b Use) int { return int(a.Node.Pos() - b.Node.Pos()) })
	start, ok := st.f.At(h.stmt.Node())
	if !ok {
		return // unreachable code
	}
	events, released := e.place(st, h, tv.events)
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
	h.Escapes = s.escapes || tv.keptOnSuccess
	if len(s.leaks) > 0 {
		h.Leaks = sortExits(s.leaks)
	} else {
		for _, d := range s.drains {
			if !e.existenceCheck(tv, d, producerLoop(h.stmt)) {
				h.Drains = append(h.Drains, d)
			}
		}
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

// varUses is what the uses of one variable do to the handles of one class
// it holds: classified and placed on the graph once, however many handles
// the variable holds in turn (rows, err = db.Query(...) a hundred times).
type varUses struct {
	t      *tracker
	uses   []use
	events nodeEvents // shared: a handle that adds events of its own copies them
	// escape is the farthest any use sends a handle of the variable;
	// firstCapture the first use in a closure that releases or hands it
	// over, or of its address (NoPos: none).
	escape       Escape
	firstCapture token.Pos
	// keptOnSuccess is set when a callee keeps the handle when it succeeds
	// (newStore(tx)): the handle goes beyond the function on some path,
	// even where the callee's failure leaves it open (placeUses).
	keptOnSuccess bool
	// late is set when a use may run after the function returns (a
	// goroutine, a closure passed on); firstLit is the first use inside a
	// closure (NoPos: none). Fixes read them (safety.go).
	late     bool
	firstLit token.Pos
	defs     []token.Pos // the variable's assignments, in source order
	byPos    []int       // the indices of uses, by position
}

type varKey struct {
	v     *types.Var
	class *sqlapi.Class
}

// trackedVar returns the classified uses of v for handles of the class.
//
// funcs are the release functions of v's first producer: calling them
// releases the handle.
func (e *engine) trackedVar(st *funcState, v *types.Var, class *sqlapi.Class, funcs []*types.Var) *varUses {
	k := varKey{v, class}
	if tv, ok := st.vars[k]; ok {
		return tv
	}
	t := e.newTracker(st, class, 0, false, v)
	t.handle = true
	for _, fv := range funcs {
		t.vars[fv] = true
		t.methods[fv] = true
	}
	uses := t.collect()
	tv := &varUses{t: t, uses: uses, events: e.placeUses(st, uses)}
	for i := range uses {
		u := &uses[i]
		u.pos = u.cur.Node().Pos()
		if u.onSuccess && u.kind == evHandover {
			tv.keptOnSuccess = true
		}
		if (u.kind == evHandover || u.kind == evCollect) && u.escape > tv.escape {
			tv.escape = u.escape
		}
		if ((u.inLit && u.kind.done()) || u.addr) && (!tv.firstCapture.IsValid() || u.pos < tv.firstCapture) {
			tv.firstCapture = u.pos
		}
		if u.kind == evReassign {
			tv.defs = append(tv.defs, u.pos)
		}
		tv.late = tv.late || u.late
		if u.inLit && (!tv.firstLit.IsValid() || u.pos < tv.firstLit) {
			tv.firstLit = u.pos
		}
		tv.byPos = append(tv.byPos, i)
	}
	slices.Sort(tv.defs)
	slices.SortStableFunc(tv.byPos, func(a, b int) int { return cmp.Compare(uses[a].pos, uses[b].pos) })
	st.vars[k] = tv
	return tv
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

// existenceCheck reports whether the drain d is the condition of an if
// statement (if !rows.Next() { return ... }) that no loop repeats, but the
// one around the producer (loop): on the branch where Next is false the
// library has closed the rows, and the path search has seen the other
// branch release them. Unlike a Next loop, nothing runs between the query
// and the check that could leave early.
func (e *engine) existenceCheck(tv *varUses, d Drain, loop ast.Stmt) bool {
	if d.Callee != "" {
		return false
	}
	// The condition starts at d.Pos and reads the rows: the first use of
	// their variables from there is in it.
	j, _ := slices.BinarySearchFunc(tv.byPos, d.Pos, func(k int, p token.Pos) int { return cmp.Compare(tv.uses[k].pos, p) })
	if j == len(tv.byPos) {
		return false
	}
	for c := tv.uses[tv.byPos[j]].cur; c.Valid(); c = c.Parent() {
		if _, ok := c.Node().(ast.Stmt); ok {
			return false
		}
		if c.ParentEdgeKind() == edge.IfStmt_Cond {
			return c.Node().Pos() == d.Pos && producerLoop(c.Parent()) == loop
		}
	}
	return false
}

// NoRowSuccess returns the first exit, in source order, that a path on which
// the Next call of u returns false reaches while reporting success: the
// function has no error result, or the error it returns may be nil there
// (the nil constant, or a local variable that some definition reaching the
// return leaves possibly nil). There an error that ended the rows reads as
// no row, or as their end. ok is false when every such exit returns an
// error anyway (if !rows.Next() { return 0, sql.ErrNoRows }): the error is
// mislabelled, not lost. For a Next that is not the condition of an if or a
// loop, ok is true and the exit has no position.
func (r *Result) NoRowSuccess(u Use) (x Exit, ok bool) {
	return r.branchSuccess(u, false)
}

// RowSuccess is NoRowSuccess for the paths on which the Next call of u
// returns true: ok is false when every one of them returns an error (if
// rows.Next() { return 0, errors.New("too many rows") }).
func (r *Result) RowSuccess(u Use) (x Exit, ok bool) {
	return r.branchSuccess(u, true)
}

// branchSuccess returns the first exit reporting success on the paths on
// which the Next call of u returns row.
func (r *Result) branchSuccess(u Use, row bool) (x Exit, ok bool) {
	if r.e == nil || !u.Next || !u.cur.Valid() {
		return Exit{}, false
	}
	e := r.e
	f := e.fl.Enclosing(u.cur)
	if f == nil {
		return Exit{}, true
	}
	// The condition of an if or a for: the call, negated or not.
	cond, negated := u.cur, false
	for {
		if k := cond.ParentEdgeKind(); k == edge.ParenExpr_X {
			cond = cond.Parent()
		} else if k == edge.UnaryExpr_X && cond.Parent().Node().(*ast.UnaryExpr).Op == token.NOT {
			cond, negated = cond.Parent(), !negated
		} else {
			break
		}
	}
	if k := cond.ParentEdgeKind(); k != edge.IfStmt_Cond && k != edge.ForStmt_Cond {
		return Exit{}, true // ok := rows.Next(), return rows.Next(), a && b
	}
	np, found := f.At(cond.Node())
	if !found || np.Index != len(np.Block.Nodes)-1 || len(np.Block.Succs) != 2 {
		return Exit{}, true
	}
	// The graph branches on the condition: its first successor is where it
	// holds, the second where it does not.
	start := np.Block.Succs[1]
	if negated != row {
		start = np.Block.Succs[0]
	}
	st := e.state(f)
	seen := make(map[*cfg.Block]bool)
	stack := []*cfg.Block{start}
	found = false
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[b] {
			continue
		}
		seen[b] = true
		if st.noRowBudget <= 0 {
			return Exit{}, true // too long a function to follow: report, as before
		}
		st.noRowBudget -= 1 + len(b.Nodes)
		returns := false
		for _, n := range b.Nodes {
			ret, isRet := n.(*ast.ReturnStmt)
			if !isRet {
				continue
			}
			returns = true
			if e.reportsError(f, ret) {
				break
			}
			kind := Return
			if ret.Results == nil && ret.Return == f.Body.Rbrace {
				kind = End
			}
			if !found || ret.Pos() < x.Pos {
				x, found = Exit{Kind: kind, Pos: ret.Pos(), End: ret.End()}, true
			}
			break
		}
		if !returns {
			stack = append(stack, b.Succs...)
		}
	}
	return x, found
}

// reportsError reports whether the return statement of f returns an error
// that cannot be nil: f has an error as its last result, and the return
// gives a value that is not the nil constant and not a local variable that
// may be nil there. A return of another call's results (return s.count())
// is taken to report what that call reports.
func (e *engine) reportsError(f *flow.Func, ret *ast.ReturnStmt) bool {
	n := f.NumResults()
	if n == 0 {
		return false
	}
	last := f.Type.Results.List[len(f.Type.Results.List)-1]
	if t := e.info.TypeOf(last.Type); !isError(t) {
		return false
	}
	switch len(ret.Results) {
	case 0:
		v := f.Result(n - 1)
		return v != nil && e.nonNilVar(f, v, ret.Pos(), 0)
	case n:
		return e.nonNil(f, ret.Results[n-1], ret.Pos(), 0)
	}
	return true
}

// nonNil reports whether the error expression x, evaluated at pos, cannot
// be nil: a call of another package's function (errors.New, fmt.Errorf,
// status.Error), a package-level variable (sql.ErrNoRows), a composite
// literal, or a local variable every definition of which reaching pos is
// one of those. A method's result (rows.Close(), tx.Commit()) or a
// same-package function's may be nil.
func (e *engine) nonNil(f *flow.Func, x ast.Expr, pos token.Pos, depth int) bool {
	switch x := ast.Unparen(x).(type) {
	case *ast.CompositeLit, *ast.UnaryExpr:
		return true
	case *ast.CallExpr:
		c, ok := e.res.Resolve(x)
		return ok && c.Recv == nil && c.Func.Pkg() != nil && c.Func.Pkg() != e.fl.Pkg
	case *ast.SelectorExpr:
		v, ok := e.info.ObjectOf(x.Sel).(*types.Var)
		return ok && !v.IsField() // pkg.ErrNotFound
	case *ast.Ident:
		v, ok := e.info.ObjectOf(x).(*types.Var)
		if !ok {
			return false // nil, or something else
		}
		if !f.InBody(v) && !f.IsResult(v) {
			return v.Parent() == v.Pkg().Scope() // ErrNotFound
		}
		return e.nonNilVar(f, v, pos, depth)
	}
	return false
}

// nonNilVar is nonNil for a local variable at pos.
func (e *engine) nonNilVar(f *flow.Func, v *types.Var, pos token.Pos, depth int) bool {
	if depth > 2 {
		return false
	}
	defs, entry, ok := f.Reaching(v, pos)
	if !ok || entry || len(defs) == 0 {
		return false
	}
	for _, d := range defs {
		if !d.Known || d.Assign.Rhs == nil || !e.nonNil(f, d.Assign.Rhs, d.Node.Pos(), depth+1) {
			return false
		}
	}
	return true
}

// maxReuse bounds the assignments of a variable whose Next and Err uses are
// sorted by the handle that reaches them: past it (generated code reusing
// one variable for a thousand queries) each handle takes the uses up to
// the next assignment in source order, rather than pay a walk of the
// function per use.
const maxReuse = 64

// reachedBy reports whether the use u, of a variable that holds several
// handles in turn (rows read, closed, and the variable reused), reads the
// handle h: h's assignment reaches it. Only the Next and Err calls are
// asked; the other uses are h's as the path search places them.
func (e *engine) reachedBy(st *funcState, h *Handle, u use) bool {
	asked := false
	for _, x := range u.uses {
		asked = asked || x.Next || x.Err
	}
	if !asked || !within(u.cur.Node(), st.f.Body) {
		return true
	}
	id, ok := u.cur.Node().(*ast.Ident)
	if !ok || e.info.ObjectOf(id) != h.Var {
		return true // an alias's use
	}
	defs, known := st.reaching[id]
	if !known {
		var ok bool
		if defs, _, ok = st.f.Reaching(h.Var, id.Pos()); !ok {
			defs = nil
		}
		st.reaching[id] = defs
	}
	if defs == nil {
		return true
	}
	for _, d := range defs {
		if d.Node == h.stmt.Node() {
			return true
		}
	}
	return false
}
