package ctxsource

// This file knows whether a context at hand is live for the whole of a
// call: a fix that puts a context into a call must not give it one that is
// cancelled before or while it runs. A context variable is live at a call
// unless some definition of it (or of the context it derives from) is
//   - an errgroup's (a value with a Wait method returned with it, as
//     errgroup.WithContext does), outside the functions run by that group's
//     Go: it is cancelled once Wait returns;
//   - one with a cancel function (context.WithTimeout, WithCancel,
//     WithDeadline and their kin, or any call returning a context and a
//     function), unless the call is in the function that made it and every
//     use of the cancel function there is a defer cancel() in that function
//     itself or a cancel() from which no path reaches the call: a cancel
//     deferred in an inner function, called on some path before the call,
//     or handed on, may have run.
//
// Rows, a row and a transaction keep using the context they were made with
// after the call returns, so the context must stay live as long as they are
// used (Span): to the function's end when they stay in it, for the caller
// when they are returned (no context this function may cancel), and no
// context is certainly live for one kept where the engine cannot follow it.

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"

	"github.com/dbpoollint/dbpoollint/internal/flow"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// maxDerive bounds how far back a chain of derived contexts is followed.
const maxDerive = 4

// Span is how long a context put into a call must stay live: a query's
// rows and a transaction keep using the context they were made with.
type Span int

const (
	// ForCall: until the call returns (an Exec, a Prepare, a row scanned at
	// once).
	ForCall Span = iota
	// ToEnd: until the function of the call returns and runs a call deferred
	// right after it (rows or a transaction used and released in the
	// function; pgx's defer tx.Rollback(ctx) added by a fix). No cancel()
	// may run after the call, and no defer cancel() may be registered after
	// it (deferred calls run last in, first out).
	ToEnd
	// ToCaller: while the function's caller uses the result (rows or a
	// transaction returned): a context this function derives with a cancel
	// function, or an errgroup's, is cancelled by then.
	ToCaller
	// Unknown: the result is kept where the engine cannot follow it (a
	// field, a goroutine): no context is certainly live.
	Unknown
)

// LiveAtHand returns the best context at hand at the node of cur (see
// AtHand) that is live for span.
func (f *Finder) LiveAtHand(cur inspector.Cursor, span Span) (Source, bool) {
	for _, src := range f.All(cur) {
		if f.Live(src, cur, span) {
			return src, true
		}
	}
	return Source{}, false
}

// Live reports whether the context of src, at hand at the node of cur, is
// certainly not cancelled before span ends (see this file's comment). The
// context of a request or a test is, unless the span is Unknown.
func (f *Finder) Live(src Source, cur inspector.Cursor, span Span) bool {
	if span == Unknown {
		return false
	}
	if src.Kind != Var {
		return true
	}
	return f.LiveVar(src.Var, cur, span)
}

// LiveVar reports whether the context in the variable v, given to the call
// at cur, is certainly not cancelled before span ends.
func (f *Finder) LiveVar(v *types.Var, cur inspector.Cursor, span Span) bool {
	if f.fl == nil || span == Unknown {
		return false
	}
	return f.liveVar(v, cur, 0, span)
}

// liveVar reports whether every definition of v leaves it live at cur.
func (f *Finder) liveVar(v *types.Var, cur inspector.Cursor, depth int, span Span) bool {
	if depth > maxDerive {
		return false
	}
	for _, a := range f.defsOf(v) {
		if !f.liveDef(a, cur, depth, span) {
			return false
		}
	}
	return true
}

// defsOf returns the assignments of v in the function declaring it (its
// literals included), found once per variable.
func (f *Finder) defsOf(v *types.Var) []flow.Assign {
	if defs, ok := f.defs[v]; ok {
		return defs
	}
	var defs []flow.Assign
	if fn := f.declaring(v); fn != nil {
		for a := range flow.AssignsIn(fn.Body) {
			if id, ok := ast.Unparen(a.Lhs).(*ast.Ident); ok && f.info.ObjectOf(id) == v {
				defs = append(defs, a)
			}
		}
	}
	if f.defs == nil {
		f.defs = make(map[*types.Var][]flow.Assign)
	}
	f.defs[v] = defs
	return defs
}

// declaring returns the function whose parameters or body declare v.
func (f *Finder) declaring(v *types.Var) *flow.Func {
	c, ok := f.fl.Inspector().Root().FindByPos(v.Pos(), v.Pos())
	if !ok {
		return nil
	}
	for fc := range c.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		return f.fl.Func(fc.Node())
	}
	return nil
}

// liveDef reports whether the definition a of a context variable leaves it
// live at cur.
func (f *Finder) liveDef(a flow.Assign, cur inspector.Cursor, depth int, span Span) bool {
	val := a.Value()
	if val == nil {
		return true
	}
	if id, ok := ast.Unparen(val).(*ast.Ident); ok {
		if v, ok := f.info.Uses[id].(*types.Var); ok {
			return f.liveVar(v, cur, depth+1, span) // ctx2 := ctx
		}
		return true
	}
	call, ok := ast.Unparen(val).(*ast.CallExpr)
	if !ok {
		return true
	}
	if a.Multi != nil {
		if tup, ok := f.info.TypeOf(call).(*types.Tuple); ok {
			for i := range tup.Len() {
				if i == a.Index {
					continue
				}
				t := tup.At(i).Type()
				switch {
				case isFunc(t):
					// ctx, cancel := context.WithTimeout(parent, d)
					if !f.liveUntilCancel(a.Stmt, i, cur, span) {
						return false
					}
				case hasMethod(t, "Wait"):
					// g, ctx := errgroup.WithContext(parent)
					if span >= ToCaller || !f.inGroup(a.Stmt, i, cur) {
						return false
					}
				}
			}
		}
	}
	// Derived from a parent context: cancelled when the parent is.
	for _, arg := range call.Args {
		if !sqlapi.IsContext(f.info.TypeOf(arg)) {
			continue
		}
		if id, ok := ast.Unparen(arg).(*ast.Ident); ok {
			if v, ok := f.info.Uses[id].(*types.Var); ok {
				return f.liveVar(v, cur, depth+1, span)
			}
		}
		return true
	}
	return true
}

func isFunc(t types.Type) bool {
	_, ok := t.Underlying().(*types.Signature)
	return ok
}

func hasMethod(t types.Type, name string) bool {
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, name)
	_, ok := obj.(*types.Func)
	return ok
}

// target returns the variable the statement's target i is, or nil (a blank,
// a field).
func (f *Finder) target(stmt ast.Node, i int) *types.Var {
	for a := range flow.Assigns(stmt) {
		if a.Index != i {
			continue
		}
		if id, ok := ast.Unparen(a.Lhs).(*ast.Ident); ok {
			v, _ := f.info.ObjectOf(id).(*types.Var)
			return v
		}
	}
	return nil
}

// inGroup reports whether cur is in a function literal given to a method
// of the group the statement's target i receives (g.Go(func() error {
// ... })): the group's context is live while its goroutines run.
func (f *Finder) inGroup(stmt ast.Node, i int, cur inspector.Cursor) bool {
	g := f.target(stmt, i)
	if g == nil {
		return false
	}
	for lit := range cur.Enclosing((*ast.FuncLit)(nil)) {
		if lit.ParentEdgeKind() != edge.CallExpr_Args {
			continue
		}
		sel, ok := ast.Unparen(lit.Parent().Node().(*ast.CallExpr).Fun).(*ast.SelectorExpr)
		if !ok {
			continue
		}
		if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok && f.info.Uses[id] == g {
			return true
		}
	}
	return false
}

// liveUntilCancel reports whether the context defined by stmt, whose
// target i is its cancel function, is live at cur: cur is in the function
// of stmt, and each use of the cancel function is defer cancel() in that
// function itself or a call of it from which no path reaches cur without
// going through stmt again; for ToEnd, see Span; for ToCaller, there is
// no use of it. A blank cancel never runs.
func (f *Finder) liveUntilCancel(stmt ast.Node, i int, cur inspector.Cursor, span Span) bool {
	toEnd := span == ToEnd
	cv := f.target(stmt, i)
	if cv != nil && span >= ToCaller {
		return false
	}
	if cv == nil {
		for a := range flow.Assigns(stmt) {
			if id, ok := a.Lhs.(*ast.Ident); ok && a.Index == i && id.Name == "_" {
				return true
			}
		}
		return false
	}
	fn := f.fl.EnclosingPos(stmt.Pos())
	if fn == nil || f.fl.Enclosing(cur) != fn {
		return false
	}
	to, ok := fn.NodeOf(cur)
	if !ok {
		return false
	}
	for _, c := range fn.Uses(cv) {
		switch c.ParentEdgeKind() {
		case edge.AssignStmt_Lhs, edge.ValueSpec_Names:
			continue
		case edge.CallExpr_Fun:
		default:
			return false // handed on: it may run anywhere
		}
		if f.fl.Enclosing(c) != fn {
			return false // called or deferred in an inner function
		}
		call := c.Parent()
		if call.ParentEdgeKind() == edge.DeferStmt_Call {
			if toEnd && call.Node().Pos() > cur.Node().Pos() {
				return false // runs before a call deferred at cur
			}
			continue // runs when the function returns
		}
		from, ok := fn.NodeOf(call)
		if !ok {
			continue // unreachable
		}
		if reaches(fn, from, to, stmt) || (toEnd && reaches(fn, to, from, stmt)) {
			return false
		}
	}
	return true
}

// reaches reports whether a path of fn's graph leads from the node after
// from to the node to without passing through the node holding stop.
func reaches(fn *flow.Func, from, to flow.NodePos, stop ast.Node) bool {
	stopped := func(n ast.Node) bool { return n.Pos() <= stop.Pos() && stop.End() <= n.End() }
	// The rest of from's block.
	for j := from.Index + 1; j < len(from.Block.Nodes); j++ {
		if from.Block == to.Block && j == to.Index {
			return true
		}
		if stopped(from.Block.Nodes[j]) {
			return false
		}
	}
	seen := make(map[*cfg.Block]bool)
	queue := append([]*cfg.Block(nil), from.Block.Succs...)
	for len(queue) > 0 {
		b := queue[0]
		queue = queue[1:]
		if seen[b] || !b.Live {
			continue
		}
		seen[b] = true
		blocked := false
		for j, n := range b.Nodes {
			if b == to.Block && j == to.Index {
				return true
			}
			if stopped(n) {
				blocked = true
				break
			}
		}
		if !blocked {
			queue = append(queue, b.Succs...)
		}
	}
	return false
}
