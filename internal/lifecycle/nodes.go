package lifecycle

// This file completes the first stage: it places the events of a handle on
// the nodes of its function's graph, with the events that do not come from
// the handle's own variables: the cancellation of the context it was
// produced with, the reassignment of its error variable, a test's failure.

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"

	"github.com/dbpoollint/dbpoollint/internal/flow"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// A blockEvent is the strongest event on one graph node.
type blockEvent struct {
	kind     evKind
	deferred bool
	pos      token.Pos
	node     ast.Node   // the graph node
	callee   string     // evDrain: the call reading the rows
	in       *types.Var // evCollect: the container
}

// nodeEvents are a handle's events by graph node.
type nodeEvents map[*cfg.Block]map[int]blockEvent

func (ev nodeEvents) add(np flow.NodePos, be blockEvent) {
	m := ev[np.Block]
	if m == nil {
		m = make(map[int]blockEvent)
		ev[np.Block] = m
	}
	old, had := m[np.Index]
	if !had || be.kind > old.kind || (be.kind == old.kind && old.deferred && !be.deferred) {
		m[np.Index] = be
	}
}

// clone returns a copy of the events that adding to leaves ev as it was.
func (ev nodeEvents) clone() nodeEvents {
	c := make(nodeEvents, len(ev))
	for b, m := range ev {
		cm := make(map[int]blockEvent, len(m))
		for i, be := range m {
			cm[i] = be
		}
		c[b] = cm
	}
	return c
}

// nodeSet is a set of graph nodes.
type nodeSet map[*cfg.Block]map[int]bool

func (s nodeSet) add(np flow.NodePos) {
	if s[np.Block] == nil {
		s[np.Block] = make(map[int]bool)
	}
	s[np.Block][np.Index] = true
}

func (s nodeSet) has(b *cfg.Block, i int) bool { return s[b][i] }

// place adds to the events of a handle's variable (shared by the handles
// it holds, copied before anything is added) the cancellation of the
// context the handle was produced with. released is set when that context
// is cancelled before the handle is even produced (defer cancel() above
// it): the handle is released when the function ends.
func (e *engine) place(st *funcState, h *Handle, base nodeEvents) (ev nodeEvents, released bool) {
	ev = base
	// Cancelling the context the handle was produced with closes rows (and a
	// row) and rolls a transaction back, when the class says the library
	// watches it.
	if cv := e.cancelOf(st, h); cv != nil {
		ev = base.clone()
		prodPos := h.stmt.Node().Pos()
		for _, c := range st.f.Uses(cv) {
			switch c.ParentEdgeKind() {
			case edge.AssignStmt_Lhs, edge.ValueSpec_Names, edge.Field_Names:
				continue
			}
			np, ok := st.f.NodeOf(c)
			if !ok {
				continue
			}
			if c.Node().Pos() < prodPos {
				// defer cancel(), time.AfterFunc(d, cancel), or a context
				// cancelled already: the handle is released when it ends.
				return nil, true
			}
			_, deferred := np.Block.Nodes[np.Index].(*ast.DeferStmt)
			ev.add(np, blockEvent{kind: evRelease, deferred: deferred, pos: c.Node().Pos(), node: np.Block.Nodes[np.Index]})
		}
	}
	return ev, false
}

// placeUses puts classified uses on the function's graph.
func (e *engine) placeUses(st *funcState, uses []use) nodeEvents {
	ev := make(nodeEvents)
	for _, u := range uses {
		if u.kind == evNeutral || u.kind == evAlias {
			continue
		}
		at := u.cur
		if u.at.Valid() {
			at = u.at
		}
		if u.onSuccess && u.kind == evHandover {
			if at = e.afterErrCheck(st.f, u.cur); !at.Valid() {
				continue
			}
		}
		if np, ok := st.f.NodeOf(at); ok {
			ev.add(np, blockEvent{kind: u.kind, deferred: u.deferred, pos: u.cur.Node().Pos(), node: np.Block.Nodes[np.Index], callee: u.callee, in: u.in})
		}
	}
	return ev
}

// cancelled reports whether the handle was produced with a context whose
// cancel function the function calls, defers or hands on somewhere.
func (e *engine) cancelled(st *funcState, h *Handle) bool {
	cv := e.cancelOf(st, h)
	if cv == nil {
		return false
	}
	for _, c := range st.f.Uses(cv) {
		switch c.ParentEdgeKind() {
		case edge.AssignStmt_Lhs, edge.ValueSpec_Names, edge.Field_Names:
		default:
			return true
		}
	}
	return false
}

// cancelOf returns the cancel function of the context a producer was given,
// when the handle's class says cancelling it releases the handle and that
// context comes from context.WithCancel, WithTimeout or WithDeadline in this
// function.
func (e *engine) cancelOf(st *funcState, h *Handle) *types.Var {
	if !h.Class.Cancel {
		return nil
	}
	c, ok := e.res.Resolve(h.Call)
	if !ok {
		return nil
	}
	for _, a := range c.Args {
		if !sqlapi.IsContext(e.info.TypeOf(a)) {
			continue
		}
		ctxVar := e.fl.LocalVar(a)
		if ctxVar == nil {
			return nil
		}
		if cv, ok := st.cancel[ctxVar]; ok {
			return cv
		}
		cv := e.findCancel(st, ctxVar)
		st.cancel[ctxVar] = cv
		return cv
	}
	return nil
}

func (e *engine) findCancel(st *funcState, ctxVar *types.Var) *types.Var {
	for _, u := range st.f.Uses(ctxVar) {
		if u.ParentEdgeKind() != edge.AssignStmt_Lhs || u.ParentEdgeIndex() != 0 {
			continue
		}
		// ctx, cancel := context.WithTimeout(parent, d)
		for a := range flow.Assigns(u.Parent().Node()) {
			if a.Index != 1 || a.Multi == nil {
				continue
			}
			call, ok := ast.Unparen(a.Multi).(*ast.CallExpr)
			if !ok {
				continue
			}
			rc, ok := e.res.Resolve(call)
			if !ok || pkgPath(rc.Func) != "context" || !strings.HasPrefix(rc.Name(), "With") {
				continue
			}
			if cv := e.fl.LocalVar(a.Lhs); cv != nil {
				return cv
			}
		}
	}
	return nil
}

// errEvts are where an error variable is reassigned (its checks no longer
// say anything of the handle) and where a test asserts it is not nil.
type errEvts struct {
	kills, asserts nodeSet
}

// errEvents returns the events of the producer's error variable, built once
// per variable and function however many handles share it.
func (e *engine) errEvents(st *funcState, errVar *types.Var) errEvts {
	if errVar == nil {
		return errEvts{}
	}
	if ev, ok := st.errEv[errVar]; ok {
		return ev
	}
	ev := errEvts{kills: make(nodeSet), asserts: make(nodeSet)}
	for _, c := range st.f.Uses(errVar) {
		var set nodeSet
		switch k := c.ParentEdgeKind(); {
		case k == edge.AssignStmt_Lhs && e.rewraps(c.Parent().Node().(*ast.AssignStmt), errVar):
			continue // err = wrap(err): still the producer's error, nil where it was
		case k == edge.AssignStmt_Lhs || k == edge.ValueSpec_Names || k == edge.UnaryExpr_X:
			set = ev.kills
		case k == edge.CallExpr_Args && e.assertsError(c.Parent().Node().(*ast.CallExpr)):
			set = ev.asserts
		default:
			continue
		}
		if np, ok := st.f.NodeOf(c); ok {
			set.add(np)
		}
	}
	st.errEv[errVar] = ev
	return ev
}

// rewraps reports whether the assignment gives errVar a call's result that
// takes errVar itself (err = translate(err), err = fmt.Errorf("...: %w",
// err) inside its own branch): the error stays the producer's, and the
// check that follows still tells whether the producer failed.
func (e *engine) rewraps(as *ast.AssignStmt, errVar *types.Var) bool {
	if len(as.Lhs) != 1 || len(as.Rhs) != 1 {
		return false
	}
	call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
	if !ok {
		return false
	}
	for _, a := range call.Args {
		if id, ok := ast.Unparen(a).(*ast.Ident); ok && e.info.ObjectOf(id) == errVar {
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

// failures returns the graph nodes of the function that report a test
// failure (testing's Error, Errorf, Fail): past them the test has failed,
// and a leak on that path does not matter more than the failure.
func (e *engine) failures(st *funcState) map[ast.Node]bool {
	if st.fails != nil {
		return st.fails
	}
	st.fails = make(map[ast.Node]bool)
	for _, b := range st.f.CFG().Blocks {
		for _, n := range b.Nodes {
			es, ok := n.(*ast.ExprStmt)
			if !ok {
				continue
			}
			call, ok := ast.Unparen(es.X).(*ast.CallExpr)
			if !ok {
				continue
			}
			if c, ok := e.res.Resolve(call); ok && pkgPath(c.Func) == "testing" {
				switch c.Name() {
				case "Error", "Errorf", "Fail":
					st.fails[n] = true
				}
			}
		}
	}
	return st.fails
}

// guardVars returns the variables read by the conditions of the if and
// switch statements the producer's statement is nested in (within its
// function), but for the handle's and the error's own variables.
func (e *engine) guardVars(stmt inspector.Cursor, v, errVar *types.Var) map[*types.Var]bool {
	var guards map[*types.Var]bool
	add := func(x ast.Node) {
		if x == nil {
			return
		}
		for _, g := range e.leafVars(x) {
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
func (e *engine) leafVars(x ast.Node) []*types.Var {
	var out []*types.Var
	ast.Inspect(x, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.SelectorExpr:
			if v, ok := e.info.ObjectOf(n.Sel).(*types.Var); ok {
				out = append(out, v)
			}
			return false
		case *ast.Ident:
			if v, ok := e.info.ObjectOf(n).(*types.Var); ok {
				out = append(out, v)
			}
		}
		return true
	})
	return out
}

func within(n ast.Node, outer ast.Node) bool {
	return n != nil && outer != nil && outer.Pos() <= n.Pos() && n.End() <= outer.End()
}

func pkgPath(fn *types.Func) string {
	if fn.Pkg() == nil {
		return ""
	}
	return fn.Pkg().Path()
}

// afterFailedScan reports whether ret is in the branch of an
// `if err != nil` whose err is the result of the handle's own Scan, in the
// if's init or in the statement right before the if:
//
//	if err := rows.Scan(&v); err != nil { return err }
//	err = rows.Scan(&v)
//	if err != nil { return err }
func (e *engine) afterFailedScan(f *flow.Func, h *Handle, ret *ast.ReturnStmt) bool {
	if h.Var == nil {
		return false
	}
	cur, ok := e.returnCursor(f, ret)
	if !ok {
		return false
	}
	for c := cur.Parent(); c.Valid() && c.Node() != f.Node; c = c.Parent() {
		ifs, ok := c.Node().(*ast.IfStmt)
		if !ok || c.ParentEdgeKind() == edge.IfStmt_Else {
			continue
		}
		if !within(ret, ifs.Body) {
			continue
		}
		if e.failedScanCond(h, ifs, c) {
			return true
		}
	}
	return false
}

// returnCursor returns the cursor of a return statement of f (or of a
// literal in it), from a table built once per function: looking each one up
// from the function's root would cost the function's size per return.
func (e *engine) returnCursor(f *flow.Func, ret *ast.ReturnStmt) (inspector.Cursor, bool) {
	st := e.state(f)
	if st.returns == nil {
		st.returns = make(map[*ast.ReturnStmt]inspector.Cursor)
		for c := range f.Cursor.Preorder((*ast.ReturnStmt)(nil)) {
			st.returns[c.Node().(*ast.ReturnStmt)] = c
		}
	}
	c, ok := st.returns[ret]
	return c, ok
}

// failedScanCond reports whether the if's condition is `err != nil` (or
// `rows.Scan(...) != nil`) on the handle's Scan.
func (e *engine) failedScanCond(h *Handle, ifs *ast.IfStmt, cur inspector.Cursor) bool {
	cond, ok := ast.Unparen(ifs.Cond).(*ast.BinaryExpr)
	if !ok || cond.Op != token.NEQ || !isNil(e.info, cond.Y) {
		return false
	}
	if e.isScanOf(h, cond.X) {
		return true
	}
	id, ok := ast.Unparen(cond.X).(*ast.Ident)
	if !ok {
		return false
	}
	v, _ := e.info.ObjectOf(id).(*types.Var)
	if v == nil {
		return false
	}
	assigns := func(stmt ast.Stmt) bool {
		for a := range flow.Assigns(stmt) {
			if lhs, ok := a.Lhs.(*ast.Ident); ok && e.info.ObjectOf(lhs) == v && a.Rhs != nil && e.isScanOf(h, a.Rhs) {
				return true
			}
		}
		return false
	}
	if ifs.Init != nil && assigns(ifs.Init) {
		return true
	}
	if prev, ok := cur.PrevSibling(); ok {
		if stmt, ok := prev.Node().(ast.Stmt); ok && assigns(stmt) {
			return true
		}
	}
	return false
}

// isScanOf reports whether x is a call of the handle's Scan.
func (e *engine) isScanOf(h *Handle, x ast.Expr) bool {
	call, ok := ast.Unparen(x).(*ast.CallExpr)
	if !ok {
		return false
	}
	c, ok := e.res.Resolve(call)
	if !ok || c.Name() != "Scan" || c.Recv == nil {
		return false
	}
	id, ok := ast.Unparen(c.Recv).(*ast.Ident)
	return ok && e.info.ObjectOf(id) == h.Var
}

func isNil(info *types.Info, x ast.Expr) bool {
	tv, ok := info.Types[x]
	return ok && tv.IsNil()
}

// afterErrCheck returns where a handle passed at cur to a callee that keeps
// it only when it succeeds (s, err := newStore(tx); if err != nil { ... })
// is handed over: the first node after the if, which only the callee's
// success reaches without going through the if's body; no cursor when the
// callee's failure goes straight to a return (return newStore(tx), or
// s, err := newStore(tx); return s, err), which then leaves the handle
// open. The call itself when the code has another shape.
func (e *engine) afterErrCheck(f *flow.Func, cur inspector.Cursor) inspector.Cursor {
	call := cur
	for call.Valid() {
		if _, ok := call.Node().(*ast.CallExpr); ok {
			break
		}
		call = call.Parent()
	}
	stmt := call.Parent()
	if call.ParentEdgeKind() == edge.ReturnStmt_Results && len(stmt.Node().(*ast.ReturnStmt).Results) == 1 {
		// return newStore(tx): its failure is returned with the handle open.
		return inspector.Cursor{}
	}
	as, ok := stmt.Node().(*ast.AssignStmt)
	if !ok || call.ParentEdgeKind() != edge.AssignStmt_Rhs || len(as.Rhs) != 1 {
		return cur
	}
	errID, ok := as.Lhs[len(as.Lhs)-1].(*ast.Ident)
	if !ok {
		return cur
	}
	errVar, _ := e.info.ObjectOf(errID).(*types.Var)
	next, ok := stmt.NextSibling()
	if !ok || errVar == nil {
		return cur
	}
	if ret, ok := next.Node().(*ast.ReturnStmt); ok && len(ret.Results) > 0 {
		// s, err := newStore(tx); return s, err: the failure is returned
		// with the handle open.
		if id, ok := ast.Unparen(ret.Results[len(ret.Results)-1]).(*ast.Ident); ok && e.info.ObjectOf(id) == errVar {
			return inspector.Cursor{}
		}
	}
	ifs, ok := next.Node().(*ast.IfStmt)
	if !ok || ifs.Init != nil || ifs.Else != nil {
		return cur
	}
	cond, ok := ast.Unparen(ifs.Cond).(*ast.BinaryExpr)
	if !ok || cond.Op != token.NEQ || !isNil(e.info, cond.Y) {
		return cur
	}
	if id, ok := ast.Unparen(cond.X).(*ast.Ident); !ok || e.info.ObjectOf(id) != errVar {
		return cur
	}
	after, ok := next.NextSibling()
	if !ok {
		return cur
	}
	for c := range after.Preorder() {
		if _, ok := f.At(c.Node()); ok {
			return c
		}
	}
	return cur
}
