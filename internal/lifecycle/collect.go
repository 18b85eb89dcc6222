package lifecycle

// This file follows handles collected in a local slice or map: the
// container holds them from then on, a loop over it that releases its
// elements releases them, and a path that leaves the function with the
// container neither released nor handed over leaves them behind.

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// isContainer reports whether values of type t hold handles as elements: a
// slice, an array or a map.
func isContainer(t types.Type) bool {
	if t == nil {
		return false
	}
	switch t.Underlying().(type) {
	case *types.Slice, *types.Array, *types.Map:
		return true
	}
	return false
}

// builtin returns the name of the built-in function the call calls, or "".
func builtin(info *types.Info, call *ast.CallExpr) string {
	if b, ok := typeutil.Callee(info, call).(*types.Builtin); ok {
		return b.Name()
	}
	return ""
}

// loopOver returns the loop whose header the container's use at c is part
// of (for _, s := range S, for i := range len(S), for i := 0; i < len(S);
// i++), or nil.
func (t *tracker) loopOver(c inspector.Cursor) ast.Stmt {
	for {
		switch c.ParentEdgeKind() {
		case edge.ParenExpr_X, edge.BinaryExpr_X, edge.BinaryExpr_Y:
			c = c.Parent()
		case edge.CallExpr_Args:
			if b := builtin(t.e.info, c.Parent().Node().(*ast.CallExpr)); b != "len" && b != "cap" {
				return nil
			}
			c = c.Parent()
		case edge.RangeStmt_X, edge.ForStmt_Cond:
			return c.Parent().Node().(ast.Stmt)
		default:
			return nil
		}
	}
}

// loopFate is what a loop over a container holding the handle does to its
// elements, read as a whole: the body's uses of the range's value and of
// the container (S[i].Close()).
func (t *tracker) loopFate(loop ast.Stmt, container *types.Var) summary {
	if t.depth >= maxDepth {
		return summary{kind: evHandover}
	}
	seeds := []*types.Var{container}
	if rs, ok := loop.(*ast.RangeStmt); ok && rs.Value != nil && t.e.fl.LocalVar(rs.X) == container {
		if v := t.e.fl.LocalVar(rs.Value); v != nil {
			seeds = append(seeds, v)
		}
	}
	sub := t.e.newTracker(t.st, t.class, t.depth+1, true, seeds...)
	sub.within = loopBody(loop)
	return sub.summarize()
}

// emptyTest returns the facts of a condition that says that a container
// holding the handle is empty when true (len(S) == 0, S == nil) or when
// false (len(S) > 0): a branch where it holds no handle, which the graph
// does not know.
func (s *search) emptyTest(cond ast.Expr) (tf, ff uint8) {
	switch x := ast.Unparen(cond).(type) {
	case *ast.UnaryExpr:
		if x.Op == token.NOT {
			a, b := s.emptyTest(x.X)
			return b, a
		}
	case *ast.BinaryExpr:
		switch x.Op {
		case token.LAND:
			t1, f1 := s.emptyTest(x.X)
			t2, f2 := s.emptyTest(x.Y)
			return t1 | t2, f1 & f2
		case token.LOR:
			t1, f1 := s.emptyTest(x.X)
			t2, f2 := s.emptyTest(x.Y)
			return t1 & t2, f1 | f2
		}
		onTrue, onFalse := s.emptyCompare(x)
		switch {
		case onTrue:
			return fEmpty, 0
		case onFalse:
			return 0, fEmpty
		}
	}
	return 0, 0
}

// emptyCompare reports whether the comparison says a container holding the
// handle is empty when true, or when false.
func (s *search) emptyCompare(x *ast.BinaryExpr) (onTrue, onFalse bool) {
	info := s.e.info
	container := func(e ast.Expr) bool {
		v := s.e.fl.LocalVar(e)
		return v != nil && slices.Contains(s.held, v)
	}
	lenOf := func(e ast.Expr) bool {
		call, ok := ast.Unparen(e).(*ast.CallExpr)
		return ok && len(call.Args) == 1 && builtin(info, call) == "len" && container(call.Args[0])
	}
	lhs, rhs, op := x.X, x.Y, x.Op
	if lenOf(rhs) || isNil(info, lhs) {
		lhs, rhs = rhs, lhs
		switch op {
		case token.LSS:
			op = token.GTR
		case token.GTR:
			op = token.LSS
		case token.LEQ:
			op = token.GEQ
		case token.GEQ:
			op = token.LEQ
		}
	}
	if container(lhs) && isNil(info, rhs) {
		return op == token.EQL, op == token.NEQ
	}
	tv, ok := info.Types[rhs]
	if !lenOf(lhs) || !ok || tv.Value == nil {
		return false, false
	}
	n, exact := constant.Int64Val(constant.ToInt(tv.Value))
	if !exact {
		return false, false
	}
	switch {
	case op == token.EQL && n == 0, op == token.LSS && n == 1, op == token.LEQ && n == 0:
		return true, false
	case op == token.NEQ && n == 0, op == token.GTR && n == 0, op == token.GEQ && n == 1:
		return false, true
	}
	return false, false
}

// loopEntry returns where a use of a container inside a loop that releases
// or hands over its elements is placed: the entry of the outermost loop of
// the function that encloses the use but none of the container's stores,
// so that the path that runs the loop zero times does not count (for j :=
// 0; j < i; j++ { stmts[j].Close() }). ok is false when no loop qualifies.
func (t *tracker) loopEntry(c inspector.Cursor) (entry inspector.Cursor, ok bool) {
	for p := range c.Enclosing((*ast.ForStmt)(nil), (*ast.RangeStmt)(nil), (*ast.FuncLit)(nil), (*ast.FuncDecl)(nil)) {
		var at inspector.Cursor
		switch n := p.Node().(type) {
		case *ast.ForStmt:
			if !within(c.Node(), n.Body) {
				continue
			}
			if t.anchored(n) {
				return entry, ok
			}
			switch {
			case n.Cond != nil:
				at = p.ChildAt(edge.ForStmt_Cond, -1)
			case n.Init != nil:
				at = p.ChildAt(edge.ForStmt_Init, -1)
			default:
				continue // for { ... }: its body runs
			}
		case *ast.RangeStmt:
			if !within(c.Node(), n.Body) {
				continue
			}
			if t.anchored(n) {
				return entry, ok
			}
			at = p.ChildAt(edge.RangeStmt_X, -1)
		default:
			return entry, ok
		}
		entry, ok = at, true
	}
	return entry, ok
}

// anchored reports whether the loop encloses one of the tracker's anchors.
func (t *tracker) anchored(loop ast.Node) bool {
	for _, a := range t.anchors {
		if within(a, loop) {
			return true
		}
	}
	return false
}

type heldKey struct {
	v     *types.Var
	class *sqlapi.Class
}

// containerEvents returns the events of a slice or map of the function that
// holds handles of the class: its release loops, its hand-overs. They are
// read once, whatever the number of handles put in it, and apply to a
// handle's path from the point where it is put there.
func (e *engine) containerEvents(st *funcState, v *types.Var, class *sqlapi.Class) heldInfo {
	key := heldKey{v, class}
	if hi, ok := st.held[key]; ok {
		return hi
	}
	t := e.newTracker(st, class, 0, true, v)
	t.summary = false // placed on the graph, but with no variable of its own to reassign
	for _, c := range st.f.Uses(v) {
		switch k := c.ParentEdgeKind(); {
		case k == edge.AssignStmt_Lhs, k == edge.IndexExpr_X && c.Parent().ParentEdgeKind() == edge.AssignStmt_Lhs:
			t.anchors = append(t.anchors, c.Node())
		}
	}
	uses := t.collect()
	hi := heldInfo{events: e.placeUses(st, uses), exitAfter: token.NoPos}
	for _, u := range uses {
		// defer func() { for _, s := range stmts { s.Close() } }(): it
		// releases what the container holds when the function returns.
		if (u.inLit && u.kind.done() || u.addr) && (hi.exitAfter == token.NoPos || u.cur.Node().Pos() < hi.exitAfter) {
			hi.exitAfter = u.cur.Node().Pos()
		}
	}
	if st.held == nil {
		st.held = make(map[heldKey]heldInfo)
	}
	st.held[key] = hi
	return hi
}

// containerClosedAtExit reports whether a closure that releases or hands
// over the container (or its address) appears before pos, where a handle
// is put in it: it sees the container as it is at the end.
func (e *engine) containerClosedAtExit(st *funcState, v *types.Var, class *sqlapi.Class, pos token.Pos) bool {
	hi := e.containerEvents(st, v, class)
	return hi.exitAfter != token.NoPos && hi.exitAfter < pos
}

// heldInfo is what the engine knows of one container.
type heldInfo struct {
	events    nodeEvents
	exitAfter token.Pos // the first closure that releases or hands it over, or its address taken
}
