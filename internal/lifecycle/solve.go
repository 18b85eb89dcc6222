package lifecycle

// This file is the second stage: the path search over a function's graph,
// from the producer to every exit, over the events placed on its nodes.

import (
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

// Path-search state flags.
const (
	sErrLive  uint8 = 1 << iota // the producer's err may still say the handle is nil
	sAmbig                      // a condition on err that the engine cannot read was passed
	sDeferred                   // loop mode: a deferred release was registered
	sHeld                       // the handle is in a local slice or map
)

// Facts a branch condition establishes.
const (
	fErrNonNil uint8 = 1 << iota
	fErrNil
	fVNil
	fVNonNil
	fDrained
	fNoHandle // the producer failed or the variable is nil: no handle on this branch
	fEmpty    // a container of the handle is empty: none on this branch once it holds one
)

// search is one depth-first walk over the graph from the producer.
type search struct {
	e        *engine
	st       *funcState
	t        *tracker
	h        *Handle
	producer ast.Node
	errVar   *types.Var
	events   nodeEvents
	err      errEvts
	fails    map[ast.Node]bool
	guards   map[*types.Var]bool // variables of the conditions the producer runs under

	// loop mode: deferred releases do not end a path; an iteration that
	// ends with one registered is reported.
	loop        ast.Stmt
	deferStmt   *ast.DeferStmt
	deferInLoop *ast.DeferStmt

	// live mode: record the nodes where the handle is held, releases that
	// are deferred included (it is held until the function returns).
	live   map[ast.Node]bool
	budget *int // node visits left for the function's live searches

	visited  map[visitKey]bool
	back     *cfg.Block // the block from which the path last started a loop's next iteration
	leaks    []Exit
	escapes  bool
	drainPts []Drain      // drain points seen, indexed by visitKey.drain-1
	drains   []Drain      // drain points from which a path reached an exit
	held     []*types.Var // the containers paths put the handle in, the first one named in messages
	heldEv   []nodeEvents // their events
}

type visitKey struct {
	b     *cfg.Block
	flags uint8
	drain int // 1 + index in drainPts of the drain this path went through; 0 if none
}

func (s *search) run(start flow.NodePos, flags uint8) {
	s.visited = make(map[visitKey]bool)
	s.fails = s.e.failures(s.st)
	s.visit(start.Block, start.Index+1, flags, 0)
}

func (s *search) next(from, b *cfg.Block, flags uint8, drain int) {
	if s.loop != nil && s.iterationEnd(b) {
		if flags&sDeferred != 0 && flags&sAmbig == 0 && s.deferInLoop == nil {
			s.deferInLoop = s.deferStmt
		}
		return
	}
	k := visitKey{b, flags, drain}
	if s.visited[k] {
		return
	}
	s.visited[k] = true
	if loopBack(from, b) {
		// The path starts the loop's next iteration from here: remembered
		// for a variable the loop's body declares anew (var rows *sql.Rows),
		// whose handle the iteration's end leaves behind.
		saved := s.back
		s.back = from
		defer func() { s.back = saved }()
	}
	s.visit(b, 0, flags, drain)
}

// loopBack reports whether the edge from a block of a loop's body to b
// starts the loop's next iteration: b is the loop's post statement, or
// its condition or range head reached from its body.
func loopBack(from, b *cfg.Block) bool {
	switch b.Kind {
	case cfg.KindForPost, cfg.KindForLoop, cfg.KindRangeLoop:
	default:
		return false
	}
	body := loopBody(b.Stmt)
	if body == nil {
		return false
	}
	if len(from.Nodes) > 0 {
		return within(from.Nodes[0], body)
	}
	return from.Stmt != nil && (within(from.Stmt, body) || from.Stmt == b.Stmt && (from.Kind == cfg.KindForBody || from.Kind == cfg.KindRangeBody))
}

// iterationExit returns the exit where a path that went back to the head of
// the loop from the block from leaves the handle behind, when the body
// declares its variable anew: the continue statement that ends the block,
// or else the body's closing brace.
func (s *search) iterationExit(from *cfg.Block, loop ast.Stmt) Exit {
	body := loopBody(loop)
	p := body.Lbrace
	switch {
	case len(from.Nodes) > 0:
		p = from.Nodes[len(from.Nodes)-1].End()
	case from.Kind == cfg.KindIfThen:
		if ifs, ok := from.Stmt.(*ast.IfStmt); ok {
			p = ifs.Body.Lbrace
		}
	case from.Stmt != nil && from.Stmt != loop:
		p = from.Stmt.End()
	}
	var cont *ast.BranchStmt
	var list ast.Node // the block or case holding cont
	var walk func(n ast.Node) bool
	walk = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit, *ast.ForStmt, *ast.RangeStmt:
			return n == loop
		case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
			var stmts []ast.Stmt
			switch n := n.(type) {
			case *ast.BlockStmt:
				stmts = n.List
			case *ast.CaseClause:
				stmts = n.Body
			case *ast.CommClause:
				stmts = n.Body
			}
			for _, st := range stmts {
				if br, ok := st.(*ast.BranchStmt); ok && br.Tok == token.CONTINUE && br.Pos() >= p && cont == nil && n.Pos() <= p {
					cont, list = br, n
				}
			}
		}
		return cont == nil
	}
	ast.Inspect(loop, walk)
	if cont != nil && list != nil {
		return Exit{Kind: Continue, Pos: cont.Pos(), End: cont.End()}
	}
	return Exit{Kind: Iteration, Pos: body.Rbrace, End: body.Rbrace + 1}
}

// drained returns the id of a drain point.
func (s *search) drained(d Drain) int {
	for i, x := range s.drainPts {
		if x == d {
			return i + 1
		}
	}
	s.drainPts = append(s.drainPts, d)
	return len(s.drainPts)
}

// exitDrained records that a path released only by draining reached an exit.
func (s *search) exitDrained(drain int) {
	d := s.drainPts[drain-1]
	for _, x := range s.drains {
		if x == d {
			return
		}
	}
	s.drains = append(s.drains, d)
}

// iterationEnd reports whether entering b ends an iteration of the loop:
// b is the loop's own head, post or exit block, or lies outside its body.
func (s *search) iterationEnd(b *cfg.Block) bool {
	if b.Stmt == s.loop {
		return true
	}
	return b.Stmt != nil && !within(b.Stmt, loopBody(s.loop))
}

func (s *search) visit(b *cfg.Block, from int, flags uint8, drain int) {
	if s.live != nil {
		s.visitLive(b, from, flags)
		return
	}
	evs := s.events[b]
	for i := from; i < len(b.Nodes); i++ {
		n := b.Nodes[i]
		ev, ok := evs[i]
		if flags&sHeld != 0 {
			if s.st.heldBudget <= 0 {
				return // too long a function to follow the handle further: assume handled
			}
			s.st.heldBudget--
			for _, hev := range s.heldEv {
				if cev, has := hev[b][i]; has && (!ok || cev.kind > ev.kind) {
					ev, ok = cev, true
				}
			}
		}
		if ok {
			switch {
			case ev.kind.done():
				if s.loop != nil && ev.deferred && within(ev.node, loopBody(s.loop)) {
					if flags&sDeferred == 0 {
						flags |= sDeferred
						s.deferStmt, _ = ev.node.(*ast.DeferStmt)
					}
					break
				}
				if ev.kind == evHandover && s.loop == nil {
					s.escapes = true
				}
				return
			case ev.kind == evCollect:
				if s.loop != nil {
					return
				}
				if s.e.containerClosedAtExit(s.st, ev.in, s.t.class, ev.pos) {
					s.escapes = true
					return // a deferred closure releases what the container holds then
				}
				// From here the container holds the handle: its release
				// loops release it, and the handle's variable may be reused.
				flags |= sHeld
				s.escapes = true
				if !slices.Contains(s.held, ev.in) {
					s.held = append(s.held, ev.in)
					s.heldEv = append(s.heldEv, s.e.containerEvents(s.st, ev.in, s.t.class).events)
				}
			case ev.kind == evReassign && flags&sHeld != 0:
				// The container still holds it. At the producer, the error
				// checks that follow are the new handle's, not this one's
				// (the kill of the error variable below says so).
			case ev.kind == evDrain:
				if s.loop != nil {
					return
				}
				if drain == 0 {
					drain = s.drained(Drain{Pos: ev.pos, Callee: ev.callee})
				}
			case ev.kind == evReassign:
				if drain != 0 {
					s.exitDrained(drain)
					return
				}
				if s.loop != nil {
					if flags&sDeferred != 0 && flags&sAmbig == 0 && s.deferInLoop == nil {
						s.deferInLoop = s.deferStmt
					}
					return
				}
				if flags&sAmbig == 0 {
					kind := Reassign
					if n == s.producer {
						kind = Iteration
					}
					x := Exit{Kind: kind, Pos: n.Pos(), End: n.End()}
					if vs, ok := n.(*ast.ValueSpec); ok && len(vs.Values) == 0 && s.back != nil {
						// var rows *sql.Rows in the loop's body: the iteration
						// that ended left the handle behind, not the declaration.
						if loop := producerLoop(s.h.stmt); loop != nil && within(n, loopBody(loop)) {
							x = s.iterationExit(s.back, loop)
						}
					}
					s.leaks = append(s.leaks, x)
				}
				return
			}
		}
		if flags&sErrLive != 0 && s.err.asserts.has(b, i) {
			return // the test asserts that the producer failed: no handle
		}
		if s.fails[n] {
			return // t.Error: the test has failed, its leaks do not matter
		}
		if s.err.kills.has(b, i) {
			flags &^= sErrLive
		}
		if ret, ok := n.(*ast.ReturnStmt); ok {
			if s.h != nil && s.h.Class != nil && s.h.Class.ScanErrReleases && s.e.afterFailedScan(s.st.f, s.h, ret) {
				return // the failed Scan closed the rows
			}
			if drain != 0 {
				s.exitDrained(drain)
				return
			}
			if s.loop == nil && flags&sAmbig == 0 && !s.st.isMain {
				var in *types.Var
				if flags&sHeld != 0 {
					in = s.held[0]
				}
				if ret.Results == nil && ret.Return == s.st.f.Body.Rbrace {
					s.leaks = append(s.leaks, Exit{Kind: End, Pos: ret.Return, End: ret.Return + 1, In: in})
				} else {
					s.leaks = append(s.leaks, Exit{Kind: Return, Pos: ret.Pos(), End: ret.End(), Err: s.e.returnsError(ret), In: in})
				}
			}
			return
		}
	}
	if len(b.Succs) == 2 && len(b.Nodes) > 0 {
		if cond, ok := b.Nodes[len(b.Nodes)-1].(ast.Expr); ok {
			if val, known := s.st.f.CondValue(cond); known {
				// The error of a call that cannot fail (json.Marshal of a
				// plain struct): the other branch is code no path runs.
				s.next(b, b.Succs[condSucc(val)], flags, drain)
				return
			}
			tf, ff, mentions := s.t.facts(cond, s.errVar, flags&sErrLive != 0)
			if flags&sHeld != 0 {
				et, ef := s.emptyTest(cond)
				tf, ff = tf|et, ff|ef
			}
			ambig := mentions && (tf|ff)&(fErrNonNil|fErrNil) == 0
			if !ambig && (tf|ff)&(fNoHandle|fDrained) == 0 && len(s.guards) > 0 && s.e.mentionsAny(cond, s.guards) {
				// A condition on what the producer ran under (if cur == 0 {
				// tx, err = db.Begin() } ... if cur == 0 { return }): its
				// branches correlate with whether there is a handle at all,
				// which the graph does not know. Trust neither.
				ambig = true
			}
			for j, facts := range [2]uint8{tf, ff} {
				if facts&fNoHandle != 0 || facts&fEmpty != 0 && flags&sHeld != 0 {
					continue // the branch where the producer failed: no handle
				}
				nd := drain
				if facts&fDrained != 0 {
					// Next returned false: the library closed the rows.
					if s.loop != nil {
						continue
					}
					if nd == 0 {
						nd = s.drained(Drain{Pos: cond.Pos()})
					}
				}
				nf := flags
				if ambig {
					nf |= sAmbig
				}
				s.next(b, b.Succs[j], nf, nd)
			}
			return
		}
	}
	for _, succ := range b.Succs {
		s.next(b, succ, flags, drain)
	}
}

// condSucc returns the index in a condition's block of the successor taken
// when the condition has the value val.
func condSucc(val bool) int {
	if val {
		return 0
	}
	return 1
}

// returnsError reports whether a return statement's last result is of type
// error and not the nil constant.
func (e *engine) returnsError(ret *ast.ReturnStmt) bool {
	if len(ret.Results) == 0 {
		return false
	}
	last := ret.Results[len(ret.Results)-1]
	tv, ok := e.info.Types[last]
	return ok && !tv.IsNil() && isError(tv.Type)
}

// visitLive is visit in live mode: the handle is held from the producer to
// a release that is not deferred, a hand-over, a reassignment, the drain of
// rows or the end of the function.
func (s *search) visitLive(b *cfg.Block, from int, flags uint8) {
	evs := s.events[b]
	for i := from; i < len(b.Nodes); i++ {
		if *s.budget <= 0 {
			return
		}
		*s.budget--
		n := b.Nodes[i]
		if ev, ok := evs[i]; ok && (ev.kind.done() && !ev.deferred || ev.kind == evReassign || ev.kind == evDrain || ev.kind == evCollect) {
			return
		}
		if flags&sErrLive != 0 && s.err.asserts.has(b, i) {
			return
		}
		if s.err.kills.has(b, i) {
			flags &^= sErrLive
		}
		s.live[n] = true
		if _, ok := n.(*ast.ReturnStmt); ok {
			return
		}
	}
	if len(b.Succs) == 2 && len(b.Nodes) > 0 {
		if cond, ok := b.Nodes[len(b.Nodes)-1].(ast.Expr); ok {
			if val, known := s.st.f.CondValue(cond); known {
				s.next(b, b.Succs[condSucc(val)], flags, 0)
				return
			}
			tf, ff, _ := s.t.facts(cond, s.errVar, flags&sErrLive != 0)
			for j, facts := range [2]uint8{tf, ff} {
				if facts&(fNoHandle|fDrained) == 0 {
					s.next(b, b.Succs[j], flags, 0)
				}
			}
			return
		}
	}
	for _, succ := range b.Succs {
		s.next(b, succ, flags, 0)
	}
}

// mentionsAny reports whether the expression reads one of the variables.
func (e *engine) mentionsAny(x ast.Expr, vars map[*types.Var]bool) bool {
	for _, v := range e.leafVars(x) {
		if vars[v] {
			return true
		}
	}
	return false
}

// facts returns what the condition establishes when true and when false:
// the producer's err is (not) nil, the handle's variable is (not) nil, the
// rows are drained (Next returned false). mentions is set when the
// condition reads the live err in a way the engine does not understand.
func (t *tracker) facts(x ast.Expr, errVar *types.Var, errLive bool) (tf, ff uint8, mentions bool) {
	info := t.e.info
	switch x := ast.Unparen(x).(type) {
	case *ast.UnaryExpr:
		if x.Op == token.NOT {
			a, b, m := t.facts(x.X, errVar, errLive)
			return b, a, m
		}
	case *ast.BinaryExpr:
		switch x.Op {
		case token.LAND, token.LOR:
			t1, f1, m1 := t.facts(x.X, errVar, errLive)
			t2, f2, m2 := t.facts(x.Y, errVar, errLive)
			if x.Op == token.LAND {
				return t1 | t2, f1 & f2, m1 || m2
			}
			return t1 & t2, f1 | f2, m1 || m2
		case token.EQL, token.NEQ:
			var other ast.Expr
			if tv, ok := info.Types[x.Y]; ok && tv.IsNil() {
				other = x.X
			} else if tv, ok := info.Types[x.X]; ok && tv.IsNil() {
				other = x.Y
			}
			if other != nil {
				var nonNil, isNil uint8
				if id, ok := ast.Unparen(other).(*ast.Ident); ok {
					obj := info.ObjectOf(id)
					switch {
					case errLive && errVar != nil && obj == errVar:
						nonNil, isNil = fErrNonNil, fErrNil
					case errLive && errVar != nil && t.mapsErr(obj, errVar):
						// merr := mapError(err); merr != nil: err is not nil
						// either (the mapping keeps nil for nil).
						nonNil, isNil = fErrNonNil, 0
					case obj != nil && obj == t.v:
						nonNil, isNil = fVNonNil, fVNil
					case t.class.Kind == sqlapi.Row && t.isRowErr(obj):
						// err := row.Err(); err != nil: the query failed, no rows are held.
						nonNil, isNil = fVNil, 0
					case t.class.ErrCloses && t.onlyErrOf(obj):
						// if err := rows.Err(); err != nil: the library has
						// closed the rows.
						nonNil, isNil = fVNil, 0
					case t.class.ErrField != "" && t.assignedErrField(obj):
						// err := tx.Error; err != nil: nothing was begun.
						nonNil, isNil = fVNil, 0
					}
				} else if t.class.Kind == sqlapi.Row && t.isErrCall(other) {
					nonNil, isNil = fVNil, 0
				} else if t.class.ErrCloses && t.isClosingErrCall(other) {
					// rows.Err() != nil: the library has closed the rows (a
					// failed Next, or the context ended).
					nonNil, isNil = fVNil, 0
				} else if t.isErrField(other) {
					// tx := db.Begin(); if tx.Error != nil: nothing was begun.
					nonNil, isNil = fVNil, 0
				}
				if nonNil != 0 {
					if x.Op == token.NEQ {
						return withNoHandle(nonNil), withNoHandle(isNil), false
					}
					return withNoHandle(isNil), withNoHandle(nonNil), false
				}
			}
		}
	case *ast.CallExpr:
		if t.isDrainCall(x) {
			return 0, fDrained, false
		}
	case *ast.Ident:
		// locked := rows.Next(); if locked { ... }: the variable, defined
		// once, is the call.
		if v, ok := info.Uses[x].(*types.Var); ok && t.class.Drain != "" && t.st.f.InBody(v) {
			if call := t.onlyValue(v); call != nil && t.isDrainCall(call) {
				return 0, fDrained, false
			}
		}
	}
	if errLive && errVar != nil && mentionsVar(info, x, errVar) {
		return 0, 0, true
	}
	return 0, 0, false
}

// mapsErr reports whether obj is a local variable whose only value is a
// call given errVar (merr := mapError(err)).
func (t *tracker) mapsErr(obj types.Object, errVar *types.Var) bool {
	v, ok := obj.(*types.Var)
	if !ok || !t.st.f.InBody(v) {
		return false
	}
	call := t.onlyValue(v)
	if call == nil {
		return false
	}
	for _, a := range call.Args {
		if id, ok := ast.Unparen(a).(*ast.Ident); ok && t.e.info.ObjectOf(id) == errVar {
			return true
		}
	}
	return false
}

// onlyValue returns the call a local variable is assigned, when that is its
// only assignment (its declaration, v := call) and its address is never
// taken; else nil.
func (t *tracker) onlyValue(v *types.Var) *ast.CallExpr {
	var value *ast.CallExpr
	for _, u := range t.st.f.Uses(v) {
		switch u.ParentEdgeKind() {
		case edge.AssignStmt_Lhs:
			as := u.Parent().Node().(*ast.AssignStmt)
			if value != nil || as.Tok != token.DEFINE || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
				return nil
			}
			call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
			if !ok {
				return nil
			}
			value = call
		case edge.ValueSpec_Names, edge.RangeStmt_Key, edge.RangeStmt_Value, edge.UnaryExpr_X:
			return nil
		}
	}
	return value
}

// isDrainCall reports whether x is the drain (Next) of a tracked variable,
// or a wrapper's method that delegates to it.
func (t *tracker) isDrainCall(x *ast.CallExpr) bool {
	if t.class.Drain == "" {
		return false
	}
	c, ok := t.e.res.Resolve(x)
	return ok && t.e.drains(c, t.class) && t.refersTo(c.Recv)
}

// withNoHandle adds fNoHandle to facts that imply it, so that it survives
// a disjunction: on the true branch of err != nil || rows == nil there is no
// handle either way.
func withNoHandle(f uint8) uint8 {
	if f&(fErrNonNil|fVNil) != 0 {
		f |= fNoHandle
	}
	return f
}

// isErrCall reports whether x is v.Err() on a tracked variable.
func (t *tracker) isErrCall(x ast.Expr) bool {
	call, ok := ast.Unparen(x).(*ast.CallExpr)
	if !ok {
		return false
	}
	c, ok := t.e.res.Resolve(call)
	return ok && c.Name() == "Err" && c.Recv != nil && len(c.Args) == 0 && t.refersTo(c.Recv)
}

// isClosingErrCall reports whether x is v.Err() on a tracked variable and
// the method is the library's own, of a class whose Err set means closed
// (not a wrapper's Err, which may say something else).
func (t *tracker) isClosingErrCall(x ast.Expr) bool {
	call, ok := ast.Unparen(x).(*ast.CallExpr)
	if !ok || !t.isErrCall(call) {
		return false
	}
	c, ok := t.e.res.Resolve(call)
	if !ok {
		return false
	}
	k := c.MethodClass()
	return k != nil && k.ErrCloses
}

// onlyErrOf reports whether obj is a local variable whose only value is
// v.Err() of a tracked variable, the library's own (isClosingErrCall).
func (t *tracker) onlyErrOf(obj types.Object) bool {
	v, ok := obj.(*types.Var)
	if !ok || !t.st.f.InBody(v) {
		return false
	}
	call := t.onlyValue(v)
	return call != nil && t.isClosingErrCall(call)
}

// isRowErr reports whether obj is a local variable assigned v.Err().
func (t *tracker) isRowErr(obj types.Object) bool { return t.assignedFrom(obj, t.isErrCall) }

// assignedFrom reports whether obj is a local variable assigned a value
// that is(rhs) accepts.
func (t *tracker) assignedFrom(obj types.Object, is func(ast.Expr) bool) bool {
	v, ok := obj.(*types.Var)
	if !ok || !t.st.f.IsLocal(v) {
		return false
	}
	for _, c := range t.st.f.Uses(v) {
		if c.ParentEdgeKind() != edge.AssignStmt_Lhs {
			continue
		}
		i := c.ParentEdgeIndex()
		for a := range flow.Assigns(c.Parent().Node()) {
			if a.Index == i && a.Rhs != nil && is(a.Rhs) {
				return true
			}
		}
	}
	return false
}

// isErrField reports whether x is the class's error field of the tracked
// variable (gorm's tx.Error).
func (t *tracker) isErrField(x ast.Expr) bool {
	sel, ok := ast.Unparen(x).(*ast.SelectorExpr)
	if !ok || t.class.ErrField == "" || sel.Sel.Name != t.class.ErrField || t.v == nil {
		return false
	}
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	return ok && t.e.info.ObjectOf(id) == t.v
}

// assignedErrField reports whether obj is a local variable assigned the
// tracked variable's error field (err := tx.Error).
func (t *tracker) assignedErrField(obj types.Object) bool {
	return t.assignedFrom(obj, t.isErrField)
}

// refersTo reports whether x is a tracked variable, possibly parenthesized,
// converted, or through an embedded handle field (w.Rows).
func (t *tracker) refersTo(x ast.Expr) bool {
	for {
		switch y := ast.Unparen(x).(type) {
		case *ast.Ident:
			v, ok := t.e.info.ObjectOf(y).(*types.Var)
			return ok && t.vars[v]
		case *ast.SelectorExpr:
			s, ok := t.e.info.Selections[y]
			if !ok || s.Kind() != types.FieldVal {
				return false
			}
			f, ok := s.Obj().(*types.Var)
			if !ok || !f.Embedded() {
				return false
			}
			x = y.X
		case *ast.CallExpr:
			if tv, ok := t.e.info.Types[y.Fun]; ok && tv.IsType() && len(y.Args) == 1 {
				x = y.Args[0]
				continue
			}
			return false
		default:
			return false
		}
	}
}

func mentionsVar(info *types.Info, x ast.Node, v *types.Var) bool {
	found := false
	ast.Inspect(x, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && info.ObjectOf(id) == v {
			found = true
		}
		return !found
	})
	return found
}

// producerLoop returns the innermost for or range statement of the
// function whose body contains the node at c.
func producerLoop(c inspector.Cursor) ast.Stmt {
	for p := range c.Enclosing((*ast.ForStmt)(nil), (*ast.RangeStmt)(nil), (*ast.FuncLit)(nil), (*ast.FuncDecl)(nil)) {
		switch n := p.Node().(type) {
		case *ast.ForStmt:
			if within(c.Node(), n.Body) {
				return n
			}
		case *ast.RangeStmt:
			if within(c.Node(), n.Body) {
				return n
			}
		default:
			return nil
		}
	}
	return nil
}

func loopBody(s ast.Stmt) *ast.BlockStmt {
	switch s := s.(type) {
	case *ast.ForStmt:
		return s.Body
	case *ast.RangeStmt:
		return s.Body
	}
	return nil
}
