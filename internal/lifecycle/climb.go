package lifecycle

// This file classifies an expression that evaluates to a tracked handle by
// what its context does with it: a method called on it, an argument, an
// assignment, a return, a composite literal, a send.

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/dbpoollint/dbpoollint/internal/flow"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// climb classifies the expression at c, which evaluates to the handle.
func (t *tracker) climb(c inspector.Cursor, u use) (use, *types.Var) {
	info := t.e.info
	class := t.class // the handle the expression at c is: the alias's own class if it has one
	if ac := t.e.classOf(info.TypeOf(c.Node().(*ast.Ident))); ac != nil && ac.Kind == t.class.Kind {
		class = ac
	}
	collect := false // the expression at c is append(S, handle)
	for {
		k, idx := c.ParentEdge()
		p := c.Parent()
		switch k {
		case edge.ParenExpr_X, edge.TypeAssertExpr_X, edge.StarExpr_X:
			c = p
			continue

		case edge.IndexExpr_X, edge.SliceExpr_X:
			if !isContainer(info.TypeOf(c.Node().(ast.Expr))) {
				u.kind, u.escape = evHandover, Stays
				return u, nil
			}
			if k == edge.IndexExpr_X && p.ParentEdgeKind() == edge.AssignStmt_Lhs {
				return u, nil // S[i] = x overwrites an element
			}
			c = p // S[i], S[1:]: the handle, or the container again
			continue

		case edge.SelectorExpr_X:
			sel := p.Node().(*ast.SelectorExpr)
			s, ok := info.Selections[sel]
			if !ok {
				return u, nil
			}
			switch s.Kind() {
			case types.FieldVal:
				f, ok := s.Obj().(*types.Var)
				if !ok {
					return u, nil
				}
				if fc := t.e.classOf(f.Type()); fc != nil && (f.Embedded() || t.summary) {
					// w.Rows: the same handle. In a body read as a whole, a
					// handle field of the tracked value (sqlx's Row keeps its
					// rows in one) is what releasing it means.
					class = fc
					c = p
					continue
				}
				return u, nil // another field of a wrapper
			case types.MethodVal:
				if p.ParentEdgeKind() == edge.CallExpr_Fun {
					callCur := p.Parent()
					call := callCur.Node().(*ast.CallExpr)
					rc, ok := t.e.res.Resolve(call)
					if !ok {
						return u, nil
					}
					if class.IsSession(rc) {
						// tx.WithContext(ctx): a session of the same
						// transaction, followed where it goes.
						c = callCur
						continue
					}
					u.deferred = callCur.ParentEdgeKind() == edge.DeferStmt_Call
					s := t.e.methodFate(rc, class, t.depth)
					u.kind, u.escape, u.uses = s.kind, s.escape, s.uses
					u.late = s.late || callCur.ParentEdgeKind() == edge.GoStmt_Call
					if at, ok := t.assertedFailure(callCur, rc, class); ok {
						// require.Error(t, row.Err()): past it the row holds an
						// error and no connection, or the test has failed.
						u.kind, u.at = evRelease, at
					}
					if u.kind == evRelease {
						u.uses = append(u.uses, Use{Node: call, Release: true, Deferred: u.deferred})
					}
					if class.Kind == sqlapi.DB {
						u.uses = append(u.uses, poolUse(class, rc, call))
					}
					drains := class.Drains(rc.Name()) || t.e.drains(rc, class)
					switch {
					case drains:
						u.uses = append(u.uses, Use{Node: call, Next: true, InLoop: inLoop(callCur, t.st.f, t.v), cur: callCur})
					case class.Kind == sqlapi.Rows && rc.Name() == "Err" && len(rc.Args) == 0:
						u.uses = append(u.uses, Use{Node: call, Err: true})
					}
					if u.kind == evNeutral && t.summary && drains && callCur.ParentEdgeKind() == edge.ForStmt_Cond {
						u.kind = evDrain // for rows.Next() { ... } in a callee
					}
					if w, ok := sqlapi.WrapperOf(rc); ok && w.From < 0 {
						// sqlDB, err := gormDB.DB(): the result holds the same pool.
						return t.wrapped(callCur, u)
					}
					return u, nil
				}
				// A method value: it keeps the handle for whoever calls it.
				if !class.Releases(sel.Sel.Name) {
					u.late = true
					return u, nil
				}
				if lhs := flow.AssignedTo(p); lhs != nil {
					if v, ok := info.ObjectOf(lhs).(*types.Var); ok && t.st.f.IsLocal(v) && t.e.res.MethodValue(v) == sel {
						t.methods[v] = true
						return u, v // its calls are followed as uses
					}
				}
				u.kind, u.escape, u.late = evHandover, Stays, true
				return u, nil
			}
			return u, nil

		case edge.CallExpr_Fun:
			return u, nil // calling a func-typed value

		case edge.CallExpr_Args:
			call := p.Node().(*ast.CallExpr)
			if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
				c = p // a conversion: io.Closer(rows)
				continue
			}
			if name := builtin(info, call); name != "" {
				switch name {
				case "append":
					// The result holds the handle: followed where it goes.
					collect = idx > 0 && call.Ellipsis == token.NoPos
					c = p
					continue
				case "copy":
					u.kind, u.escape = evHandover, Stays
				}
				return u, nil
			}
			u.deferred = p.ParentEdgeKind() == edge.DeferStmt_Call
			s := t.e.argFate(p, idx, class, t.depth)
			u.kind, u.escape, u.uses, u.onSuccess = s.kind, s.escape, s.uses, s.onSuccess
			u.late = s.late || p.ParentEdgeKind() == edge.GoStmt_Call
			if class.Kind == sqlapi.DB {
				u.uses = append(u.uses, Use{Node: call, Acquire: true})
			}
			if u.kind == evRelease {
				u.uses = append(u.uses, Use{Node: call, Release: true, Deferred: u.deferred})
			}
			if u.kind == evDrain {
				u.callee = t.e.producerName(call)
			}
			if rc, ok := t.e.res.Resolve(call); ok {
				if w, ok := sqlapi.WrapperOf(rc); ok && w.From == idx {
					return t.wrapped(p, u) // x := sqlx.NewDb(db, "postgres")
				}
			}
			return u, nil

		case edge.AssignStmt_Rhs, edge.ValueSpec_Values:
			for a := range flow.Assigns(p.Node()) {
				if a.Rhs != nil && a.Index == idx {
					return t.storeTo(a.Lhs, a.Rhs, u, collect)
				}
			}
			u.kind, u.escape = evHandover, Stays
			return u, nil

		case edge.BinaryExpr_X, edge.BinaryExpr_Y, edge.SwitchStmt_Tag, edge.CaseClause_List,
			edge.ExprStmt_X, edge.IndexExpr_Index, edge.IncDecStmt_X, edge.TypeSwitchStmt_Assign:
			return u, nil

		case edge.UnaryExpr_X:
			if p.Node().(*ast.UnaryExpr).Op == token.AND {
				u.kind, u.escape, u.addr = evHandover, Stays, true
			}
			return u, nil

		case edge.ReturnStmt_Results:
			u.kind, u.escape, u.returned = evHandover, Returned, true
			return u, nil

		case edge.CompositeLit_Elts, edge.KeyValueExpr_Value:
			if lit, lc := t.embeddedIn(c); lc != nil {
				// &UserRows{Rows: rows}: a wrapper that embeds the handle is
				// the handle, followed where it goes.
				c, class = lit, lc
				continue
			}
			if v := t.heldBy(p); v != nil {
				// r := &Repo{tx: tx}; ...; return r, nil in a body read as
				// a whole: r's fate is the handle's (a constructor that
				// fails after building its value does not keep it).
				u.kind = evAlias
				return u, v
			}
			// In a value that holds it: returned or stored with it.
			u.kind, u.escape = evHandover, t.heldEscape(p)
			u.returned = u.escape == Returned
			return u, nil

		case edge.SendStmt_Value:
			u.kind, u.escape = evHandover, Kept
			return u, nil

		default:
			// Something the engine does not model: handed over.
			u.kind, u.escape = evHandover, Stays
			return u, nil
		}
	}
}

// embeddedIn returns, for the expression at c, an element of a struct
// literal, the literal (or its address, &T{...}) when the element is an
// embedded field of the tracked kind and the literal's type is a handle of
// that kind through it (type UserRows struct{ pgx.Rows }); no class
// otherwise.
func (t *tracker) embeddedIn(c inspector.Cursor) (inspector.Cursor, *sqlapi.Class) {
	info := t.e.info
	var field *types.Var
	lit := c.Parent()
	if c.ParentEdgeKind() == edge.KeyValueExpr_Value {
		kv := lit.Node().(*ast.KeyValueExpr)
		key, ok := kv.Key.(*ast.Ident)
		if !ok || lit.ParentEdgeKind() != edge.CompositeLit_Elts {
			return c, nil
		}
		field, _ = info.ObjectOf(key).(*types.Var)
		lit = lit.Parent()
	} else if lt := info.TypeOf(lit.Node().(*ast.CompositeLit)); lt == nil {
		return c, nil
	} else if st, ok := lt.Underlying().(*types.Struct); ok {
		if i := c.ParentEdgeIndex(); i >= 0 && i < st.NumFields() {
			field = st.Field(i)
		}
	}
	if field == nil || !field.Embedded() {
		return c, nil
	}
	if fc := t.e.classOf(field.Type()); fc == nil || fc.Kind != t.class.Kind {
		return c, nil
	}
	lc := t.e.classOf(info.TypeOf(lit.Node().(*ast.CompositeLit)))
	if lc == nil || lc.Kind != t.class.Kind {
		return c, nil
	}
	if lit.ParentEdgeKind() == edge.UnaryExpr_X && lit.Parent().Node().(*ast.UnaryExpr).Op == token.AND {
		lit = lit.Parent()
	}
	return lit, lc
}

// wrapped classifies a call whose result holds the tracked handle: the
// local variable it is assigned to is an alias.
func (t *tracker) wrapped(callCur inspector.Cursor, u use) (use, *types.Var) {
	if d := t.e.fl.Dest(callCur, 0); d.Kind == flow.Bound && t.st.f.IsLocal(d.Var) {
		u.kind, u.escape = evAlias, Stays
		return u, d.Var
	}
	return u, nil
}

// heldBy returns, in a body read as a whole, the local variable of that
// body a composite literal holding the handle is assigned to (c is in the
// literal), when a return statement of the body returns that variable: the
// handle goes where it goes. nil otherwise.
func (t *tracker) heldBy(c inspector.Cursor) *types.Var {
	if !t.summary {
		return nil
	}
	for {
		switch c.ParentEdgeKind() {
		case edge.CompositeLit_Elts, edge.KeyValueExpr_Value, edge.ParenExpr_X, edge.UnaryExpr_X:
			c = c.Parent()
			continue
		case edge.AssignStmt_Rhs, edge.ValueSpec_Values:
		default:
			return nil
		}
		break
	}
	idx := c.ParentEdgeIndex()
	var v *types.Var
	for a := range flow.Assigns(c.Parent().Node()) {
		if a.Rhs != nil && a.Index == idx {
			v = t.e.fl.LocalVar(a.Lhs)
		}
	}
	if v == nil || !t.st.f.InBody(v) {
		return nil
	}
	if t.st.returned == nil {
		t.st.returned = make(map[*types.Var]bool)
		for _, ret := range t.st.f.Returns() {
			for _, r := range ret.Results {
				if rv := t.e.fl.LocalVar(r); rv != nil {
					t.st.returned[rv] = true
				}
			}
		}
	}
	if t.st.returned[v] {
		return v
	}
	return nil
}

// heldEscape says how far a composite literal holding the handle goes: the
// escape of the value the literal is part of.
func (t *tracker) heldEscape(c inspector.Cursor) Escape {
	for {
		switch c.ParentEdgeKind() {
		case edge.CompositeLit_Elts, edge.KeyValueExpr_Value, edge.ParenExpr_X:
			c = c.Parent()
		case edge.UnaryExpr_X:
			c = c.Parent()
		case edge.ReturnStmt_Results:
			return Returned
		case edge.AssignStmt_Rhs, edge.ValueSpec_Values:
			idx := c.ParentEdgeIndex()
			for a := range flow.Assigns(c.Parent().Node()) {
				if a.Rhs == nil || a.Index != idx {
					continue
				}
				if id, ok := ast.Unparen(a.Lhs).(*ast.Ident); ok && id.Name == "_" {
					return Stays
				}
				if v := t.e.fl.LocalVar(a.Lhs); v != nil && t.st.f.IsLocal(v) {
					return Stays
				}
				return Kept
			}
			return Stays
		case edge.SendStmt_Value:
			return Kept
		default:
			return Stays
		}
	}
}

// assertedFailure reports whether the call at callCur, the Err method of a
// row (rc), is asserted by a test to return an error: the argument of
// require.Error, assert.Error and their kin, directly or through a
// variable it is assigned to. at is where the assertion is.
func (t *tracker) assertedFailure(callCur inspector.Cursor, rc sqlapi.Call, class *sqlapi.Class) (at inspector.Cursor, ok bool) {
	if class.Kind != sqlapi.Row || rc.Name() != "Err" || len(rc.Args) != 0 || rc.MethodClass() != class {
		return at, false
	}
	asserted := func(c inspector.Cursor) bool {
		return c.ParentEdgeKind() == edge.CallExpr_Args && t.e.assertsError(c.Parent().Node().(*ast.CallExpr))
	}
	if asserted(callCur) {
		return callCur, true
	}
	d := t.e.fl.Dest(callCur, 0)
	if d.Kind != flow.Bound || !t.st.f.IsLocal(d.Var) {
		return at, false
	}
	for _, c := range t.st.f.Uses(d.Var) {
		if c.Node().Pos() > callCur.Node().Pos() && asserted(c) {
			return c, true
		}
	}
	return at, false
}
