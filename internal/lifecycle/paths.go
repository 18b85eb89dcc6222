package lifecycle

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"

	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// A blockEvent is the strongest event on one CFG node.
type blockEvent struct {
	kind     evKind
	deferred bool
	pos      token.Pos
	node     ast.Node // the CFG node
	callee   string   // evDrain: the call reading the rows
}

// Path-search state flags.
const (
	sErrLive  uint8 = 1 << iota // the producer's err may still say the handle is nil
	sAmbig                      // a condition on err that the engine cannot read was passed
	sDeferred                   // loop mode: a deferred release was registered
)

// Facts a branch condition establishes.
const (
	fErrNonNil uint8 = 1 << iota
	fErrNil
	fVNil
	fVNonNil
	fDrained
	fNoHandle // the producer failed or the variable is nil: no handle on this branch
)

// nodeOf returns the CFG node containing the cursor's node.
func (fa *funcAnalysis) nodeOf(c inspector.Cursor) (nodePos, bool) {
	for ; c.Valid() && c.Node() != fa.node; c = c.Parent() {
		if np, ok := fa.index[c.Node()]; ok {
			return np, true
		}
	}
	return nodePos{}, false
}

// track follows a handle bound to h.Var by the statement at stmt along
// every path of the function.
func (fa *funcAnalysis) track(h *Handle, stmt inspector.Cursor, errVar *types.Var) {
	e := fa.e
	t := e.newTracker(fa, h.Kind, 0, false, h.Var)
	uses := t.collect()
	prodPos := stmt.Node().Pos()
	for _, u := range uses {
		// A closure capturing the variable, or its address, taken before the
		// producer sees the handle too: assume it handles it.
		if u.cur.Node().Pos() < prodPos && ((u.inLit && u.kind.done()) || u.addr) {
			h.Fate = HandedOver
			return
		}
	}
	fa.cfg()
	start, ok := fa.index[stmt.Node()]
	if !ok {
		return // unreachable code
	}

	events := make(map[*cfg.Block]map[int]blockEvent)
	for _, u := range uses {
		if u.kind == evNeutral || u.kind == evAlias {
			continue
		}
		np, ok := fa.nodeOf(u.cur)
		if !ok {
			continue
		}
		m := events[np.b]
		if m == nil {
			m = make(map[int]blockEvent)
			events[np.b] = m
		}
		old, had := m[np.i]
		if !had || u.kind > old.kind || (u.kind == old.kind && old.deferred && !u.deferred) {
			m[np.i] = blockEvent{kind: u.kind, deferred: u.deferred, pos: u.cur.Node().Pos(), node: np.b.Nodes[np.i], callee: u.callee}
		}
	}
	// Cancelling the context the handle was produced with closes rows (and a
	// row) and rolls a transaction back: database/sql watches it.
	if cv := fa.cancelOf(h); cv != nil {
		for _, c := range fa.uses[cv] {
			switch c.ParentEdgeKind() {
			case edge.AssignStmt_Lhs, edge.ValueSpec_Names, edge.Field_Names:
				continue
			}
			np, ok := fa.nodeOf(c)
			if !ok {
				continue
			}
			_, deferred := np.b.Nodes[np.i].(*ast.DeferStmt)
			if c.Node().Pos() < prodPos {
				// defer cancel(), time.AfterFunc(d, cancel), or a context
				// cancelled already: the handle is released when it ends.
				h.Fate = Released
				return
			}
			m := events[np.b]
			if m == nil {
				m = make(map[int]blockEvent)
				events[np.b] = m
			}
			if old, had := m[np.i]; !had || old.kind < evRelease {
				m[np.i] = blockEvent{kind: evRelease, deferred: deferred, pos: c.Node().Pos(), node: np.b.Nodes[np.i]}
			}
		}
	}

	kills, asserts := fa.errEvents(errVar)

	guards := fa.guardVars(stmt, h.Var, errVar)
	s := &search{fa: fa, t: t, h: h, producer: stmt.Node(), errVar: errVar, events: events, kills: kills, asserts: asserts, guards: guards}
	flags := uint8(0)
	if errVar != nil {
		flags = sErrLive
	}
	s.run(start, flags, nil)
	if len(s.leaks) > 0 {
		h.Leaks = sortExits(s.leaks)
	} else {
		h.Drains = s.drains
	}

	// defer rows.Close() inside the loop that produces the rows.
	if loop := producerLoop(stmt); loop != nil {
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
			ls := &search{fa: fa, t: t, h: h, producer: stmt.Node(), errVar: errVar, events: events, kills: kills, asserts: asserts, guards: guards, loop: loop}
			ls.run(start, flags, nil)
			h.DeferInLoop = ls.deferInLoop
		}
	}
}

// guardVars returns the variables read by the conditions of the if and
// switch statements the producer's statement is nested in (within its
// function), but for the handle's and the error's own variables.
func (fa *funcAnalysis) guardVars(stmt inspector.Cursor, v, errVar *types.Var) map[*types.Var]bool {
	var guards map[*types.Var]bool
	add := func(x ast.Node) {
		if x == nil {
			return
		}
		for _, g := range fa.leafVars(x) {
			if g != v && g != errVar {
				if guards == nil {
					guards = make(map[*types.Var]bool)
				}
				guards[g] = true
			}
		}
	}
	node := stmt.Node()
	for c := range stmt.Enclosing((*ast.IfStmt)(nil), (*ast.SwitchStmt)(nil), (*ast.CaseClause)(nil), (*ast.FuncLit)(nil), (*ast.FuncDecl)(nil)) {
		switch n := c.Node().(type) {
		case *ast.IfStmt:
			if within(node, n.Body) || (n.Else != nil && within(node, n.Else)) {
				add(n.Cond)
			}
		case *ast.SwitchStmt:
			if within(node, n.Body) && n.Tag != nil {
				add(n.Tag)
			}
		case *ast.CaseClause:
			for _, x := range n.List {
				add(x)
			}
		default:
			return guards
		}
	}
	return guards
}

// leafVars returns the variables an expression reads: identifiers that are
// not the operand of a selector, and the fields selected (cfg.UseTx reads
// UseTx).
func (fa *funcAnalysis) leafVars(x ast.Node) []*types.Var {
	var out []*types.Var
	ast.Inspect(x, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.SelectorExpr:
			if v, ok := fa.e.info.ObjectOf(n.Sel).(*types.Var); ok {
				out = append(out, v)
			}
			return false
		case *ast.Ident:
			if v, ok := fa.e.info.ObjectOf(n).(*types.Var); ok {
				out = append(out, v)
			}
		}
		return true
	})
	return out
}

// mentionsAny reports whether the expression reads one of the variables.
func (fa *funcAnalysis) mentionsAny(x ast.Expr, vars map[*types.Var]bool) bool {
	for _, v := range fa.leafVars(x) {
		if vars[v] {
			return true
		}
	}
	return false
}

// assertsError reports whether the call is one of testify's assertions that
// an error is not nil (require.Error, assert.ErrorIs, ...): a test that makes
// it expects the producer to fail.
func (e *engine) assertsError(call *ast.CallExpr) bool {
	c, ok := e.res.Resolve(call)
	if !ok {
		return false
	}
	switch pkgPath(c.Func) {
	case "github.com/stretchr/testify/require", "github.com/stretchr/testify/assert":
	default:
		return false
	}
	switch c.Name() {
	case "Error", "Errorf", "ErrorIs", "ErrorIsf", "ErrorAs", "ErrorAsf", "ErrorContains", "ErrorContainsf", "EqualError", "EqualErrorf":
		return true
	}
	return false
}

// cancelled reports whether the handle was produced with a context whose
// cancel function the function calls, defers or hands on somewhere.
func (fa *funcAnalysis) cancelled(h *Handle) bool {
	cv := fa.cancelOf(h)
	if cv == nil {
		return false
	}
	for _, c := range fa.uses[cv] {
		switch c.ParentEdgeKind() {
		case edge.AssignStmt_Lhs, edge.ValueSpec_Names, edge.Field_Names:
		default:
			return true
		}
	}
	return false
}

// cancelOf returns the cancel function of the context a rows, row or
// transaction producer was given, when that context comes from
// context.WithCancel, WithTimeout or WithDeadline in this function.
func (fa *funcAnalysis) cancelOf(h *Handle) *types.Var {
	switch h.Kind {
	case sqlapi.Rows, sqlapi.Row, sqlapi.Tx:
	default:
		return nil
	}
	e := fa.e
	c, ok := e.res.Resolve(h.Call)
	if !ok {
		return nil
	}
	for _, a := range c.Args {
		if !sqlapi.IsContext(e.info.TypeOf(a)) {
			continue
		}
		id, ok := ast.Unparen(a).(*ast.Ident)
		if !ok {
			return nil
		}
		ctxVar, ok := e.info.ObjectOf(id).(*types.Var)
		if !ok {
			return nil
		}
		for _, u := range fa.uses[ctxVar] {
			if u.ParentEdgeKind() != edge.AssignStmt_Lhs || u.ParentEdgeIndex() != 0 {
				continue
			}
			as := u.Parent().Node().(*ast.AssignStmt)
			if len(as.Lhs) != 2 || len(as.Rhs) != 1 {
				continue
			}
			call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
			if !ok {
				continue
			}
			rc, ok := e.res.Resolve(call)
			if !ok || pkgPath(rc.Func) != "context" || !strings.HasPrefix(rc.Name(), "With") {
				continue
			}
			if cid, ok := ast.Unparen(as.Lhs[1]).(*ast.Ident); ok && cid.Name != "_" {
				if cv, ok := e.info.ObjectOf(cid).(*types.Var); ok {
					return cv
				}
			}
		}
		return nil
	}
	return nil
}

// reachesExit reports whether a path from the statement at stmt, on which
// the producer's error may be nil, reaches a return or the end of the
// function: where a discarded result would leak.
func (fa *funcAnalysis) reachesExit(h *Handle, stmt inspector.Cursor, errVar *types.Var) bool {
	fa.cfg()
	start, ok := fa.index[stmt.Node()]
	if !ok {
		return false
	}
	t := fa.e.newTracker(fa, h.Kind, 0, false)
	kills, asserts := fa.errEvents(errVar)
	probe := &Handle{Kind: h.Kind, Call: h.Call, Producer: h.Producer}
	s := &search{fa: fa, t: t, h: probe, producer: stmt.Node(), errVar: errVar,
		kills: kills, asserts: asserts, guards: fa.guardVars(stmt, nil, errVar)}
	s.run(start, sErrLive, nil)
	return len(s.leaks) > 0
}

// errEvents returns where the error variable is reassigned (its checks no
// longer say anything of the handle) and where a test asserts it is not nil.
func (fa *funcAnalysis) errEvents(errVar *types.Var) (kills, asserts map[*cfg.Block]map[int]bool) {
	kills = make(map[*cfg.Block]map[int]bool)
	asserts = make(map[*cfg.Block]map[int]bool)
	if errVar == nil {
		return kills, asserts
	}
	for _, c := range fa.uses[errVar] {
		var m map[*cfg.Block]map[int]bool
		switch k := c.ParentEdgeKind(); {
		case k == edge.AssignStmt_Lhs || k == edge.ValueSpec_Names || k == edge.UnaryExpr_X:
			m = kills
		case k == edge.CallExpr_Args && fa.e.assertsError(c.Parent().Node().(*ast.CallExpr)):
			m = asserts
		default:
			continue
		}
		if np, ok := fa.nodeOf(c); ok {
			if m[np.b] == nil {
				m[np.b] = make(map[int]bool)
			}
			m[np.b][np.i] = true
		}
	}
	return kills, asserts
}

// producerLoop returns the innermost for or range statement of the
// function whose body contains the statement at c.
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

func within(n ast.Node, outer ast.Node) bool {
	return n != nil && outer != nil && outer.Pos() <= n.Pos() && n.End() <= outer.End()
}

// search is one depth-first walk over the CFG from the producer.
type search struct {
	fa       *funcAnalysis
	t        *tracker
	h        *Handle
	producer ast.Node
	errVar   *types.Var
	events   map[*cfg.Block]map[int]blockEvent
	kills    map[*cfg.Block]map[int]bool
	asserts  map[*cfg.Block]map[int]bool
	guards   map[*types.Var]bool // variables of the conditions the producer runs under

	// loop mode: deferred releases do not end a path; an iteration that
	// ends with one registered is reported.
	loop        ast.Stmt
	deferStmt   *ast.DeferStmt
	deferInLoop *ast.DeferStmt

	visited  map[visitKey]bool
	leaks    []Exit
	drainPts []Drain // drain points seen, indexed by visitKey.drain-1
	drains   []Drain // drain points from which a path reached an exit
}

type visitKey struct {
	b     *cfg.Block
	flags uint8
	drain int // 1 + index in drainPts of the drain this path went through; 0 if none
}

func (s *search) run(start nodePos, flags uint8, _ *ast.DeferStmt) {
	s.visited = make(map[visitKey]bool)
	s.visit(start.b, start.i+1, flags, 0)
}

func (s *search) next(b *cfg.Block, flags uint8, drain int) {
	if s.loop != nil && s.iterationEnd(b) {
		if flags&sDeferred != 0 && s.deferInLoop == nil {
			s.deferInLoop = s.deferStmt
		}
		return
	}
	k := visitKey{b, flags, drain}
	if s.visited[k] {
		return
	}
	s.visited[k] = true
	s.visit(b, 0, flags, drain)
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
	evs := s.events[b]
	for i := from; i < len(b.Nodes); i++ {
		n := b.Nodes[i]
		if ev, ok := evs[i]; ok {
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
					s.h.Escapes = true
				}
				return
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
					if flags&sDeferred != 0 && s.deferInLoop == nil {
						s.deferInLoop = s.deferStmt
					}
					return
				}
				if flags&sAmbig == 0 {
					kind := Reassign
					if n == s.producer {
						kind = Iteration
					}
					s.leaks = append(s.leaks, Exit{Kind: kind, Pos: n.Pos(), End: n.End()})
				}
				return
			}
		}
		if flags&sErrLive != 0 && s.asserts[b][i] {
			return // the test asserts that the producer failed: no handle
		}
		if s.fa.fails[n] {
			return // t.Error: the test has failed, its leaks do not matter
		}
		if s.kills[b][i] {
			flags &^= sErrLive
		}
		if ret, ok := n.(*ast.ReturnStmt); ok {
			if drain != 0 {
				s.exitDrained(drain)
				return
			}
			if s.loop == nil && flags&sAmbig == 0 && !s.fa.isMain {
				if ret.Results == nil && ret.Return == s.fa.body.Rbrace {
					s.leaks = append(s.leaks, Exit{Kind: End, Pos: ret.Return, End: ret.Return + 1})
				} else {
					s.leaks = append(s.leaks, Exit{Kind: Return, Pos: ret.Pos(), End: ret.End()})
				}
			}
			return
		}
	}
	if len(b.Succs) == 2 && len(b.Nodes) > 0 {
		if cond, ok := b.Nodes[len(b.Nodes)-1].(ast.Expr); ok {
			tf, ff, mentions := s.t.facts(cond, s.errVar, flags&sErrLive != 0)
			ambig := mentions && (tf|ff)&(fErrNonNil|fErrNil) == 0
			if !ambig && (tf|ff)&(fNoHandle|fDrained) == 0 && len(s.guards) > 0 && s.fa.mentionsAny(cond, s.guards) {
				// A condition on what the producer ran under (if cur == 0 {
				// tx, err = db.Begin() } ... if cur == 0 { return }): its
				// branches correlate with whether there is a handle at all,
				// which the graph does not know. Trust neither.
				ambig = true
			}
			for j, facts := range [2]uint8{tf, ff} {
				if facts&fNoHandle != 0 {
					continue // the branch where the producer failed: no handle
				}
				nd := drain
				if facts&fDrained != 0 {
					// Next returned false: database/sql closed the rows.
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
				s.next(b.Succs[j], nf, nd)
			}
			return
		}
	}
	for _, succ := range b.Succs {
		s.next(succ, flags, drain)
	}
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
					case obj != nil && obj == t.v:
						nonNil, isNil = fVNonNil, fVNil
					case t.kind == sqlapi.Row && t.isRowErr(obj):
						// err := row.Err(); err != nil: the query failed, no rows are held.
						nonNil, isNil = fVNil, 0
					}
				} else if t.kind == sqlapi.Row && t.isErrCall(other) {
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
		if t.kind == sqlapi.Rows {
			if c, ok := t.e.res.Resolve(x); ok && c.Name() == "Next" && c.Recv != nil && len(c.Args) == 0 &&
				(c.IsMethod(sqlapi.SQL, "Rows", "Next") || c.Interface()) && t.refersTo(c.Recv) {
				return 0, fDrained, false
			}
		}
	}
	if errLive && errVar != nil && mentionsVar(info, x, errVar) {
		return 0, 0, true
	}
	return 0, 0, false
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

// isRowErr reports whether obj is a local variable assigned v.Err().
func (t *tracker) isRowErr(obj types.Object) bool {
	v, ok := obj.(*types.Var)
	if !ok || !t.fa.isLocal(v) {
		return false
	}
	for _, c := range t.fa.uses[v] {
		if c.ParentEdgeKind() != edge.AssignStmt_Lhs {
			continue
		}
		as := c.Parent().Node().(*ast.AssignStmt)
		i := c.ParentEdgeIndex()
		if len(as.Lhs) == len(as.Rhs) && t.isErrCall(as.Rhs[i]) {
			return true
		}
	}
	return false
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
