package singledb

// This file follows a pool from its opening: where it goes, whether it is
// closed before its function (or its loop iteration) ends, whether it
// escapes, whether it is used at all.

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
)

// dest tells where the pool an opening returns goes.
type dest struct {
	v    *types.Var // a local variable of the function
	kept bool       // stored beyond the function: a field, a package variable, a map
}

// destination follows the result of the opening call at cur, in the
// function at fn.
func (a *pools) destination(cur inspector.Cursor, fn inspector.Cursor) dest {
	for {
		if _, ok := cur.Parent().Node().(*ast.ParenExpr); !ok {
			break
		}
		cur = cur.Parent()
	}
	switch p := cur.Parent().Node().(type) {
	case *ast.AssignStmt:
		if cur.ParentEdgeKind() != edge.AssignStmt_Rhs {
			return dest{}
		}
		var lhs ast.Expr
		switch {
		case len(p.Rhs) == 1:
			lhs = p.Lhs[0]
		case len(p.Lhs) == len(p.Rhs):
			lhs = p.Lhs[cur.ParentEdgeIndex()]
		default:
			return dest{}
		}
		id, ok := ast.Unparen(lhs).(*ast.Ident)
		if !ok {
			return dest{kept: true} // s.db = ..., pools[t] = ...
		}
		if id.Name == "_" {
			return dest{}
		}
		v, ok := a.info.ObjectOf(id).(*types.Var)
		if !ok {
			return dest{}
		}
		if !a.local(v, fn) {
			return dest{kept: true} // a package variable, a captured variable, a named result
		}
		return dest{v: v}
	case *ast.ValueSpec:
		i := cur.ParentEdgeIndex()
		if len(p.Values) == 1 {
			i = 0
		}
		if i < len(p.Names) {
			if v, ok := a.info.Defs[p.Names[i]].(*types.Var); ok && p.Names[i].Name != "_" {
				return dest{v: v}
			}
		}
		return dest{}
	case *ast.ReturnStmt:
		// Returned by a literal inside the scope (or a handler returning it):
		// what the caller does with it cannot be seen.
		return dest{kept: true}
	case *ast.CallExpr:
		if cur.ParentEdgeKind() == edge.CallExpr_Args && a.handedOn(p, fn) {
			return dest{kept: true}
		}
		return dest{}
	case *ast.CompositeLit, *ast.KeyValueExpr, *ast.SendStmt:
		return dest{kept: true}
	}
	return dest{}
}

// local reports whether v is a variable of the function at fn (parameters
// included, named results not: those are returned).
func (a *pools) local(v *types.Var, fn inspector.Cursor) bool {
	n := fn.Node()
	if v.Pkg() != a.pass.Pkg || v.Parent() == nil || v.Parent() == a.pass.Pkg.Scope() || !(n.Pos() <= v.Pos() && v.Pos() < n.End()) {
		return false
	}
	var ft *ast.FuncType
	switch n := n.(type) {
	case *ast.FuncDecl:
		ft = n.Type
	case *ast.FuncLit:
		ft = n.Type
	}
	if ft != nil && ft.Results != nil && within(v.Pos(), ft.Results) {
		return false
	}
	return true
}

// bodyLocal reports whether v is declared in the body of the function at fn
// (not a parameter).
func bodyLocal(v *types.Var, fn inspector.Cursor) bool {
	body := funcBody(fn.Node())
	return body != nil && within(v.Pos(), body)
}

// handedOn reports whether a call hands its arguments to a long-lived value:
// a method of a value that is not a variable of this function's body
// (s.cache.Put(k, db), pools.Store(t, db), registry.Add(db)), which may keep
// them.
func (a *pools) handedOn(call *ast.CallExpr, fn inspector.Cursor) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	if s, ok := a.info.Selections[sel]; !ok || s.Kind() != types.MethodVal {
		return false
	}
	root := rootIdent(sel.X)
	if root == nil {
		return true
	}
	v, ok := a.info.Uses[root].(*types.Var)
	return !ok || !bodyLocal(v, fn)
}

// rootIdent returns the variable at the root of x.f[i].g, or nil.
func rootIdent(e ast.Expr) *ast.Ident {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			return x
		case *ast.SelectorExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		default:
			return nil
		}
	}
}

// Escapes, weakest first.
type escape int

const (
	escNone     escape = iota
	escHanded          // passed to a method of a long-lived value
	escReturned        // returned
	escKept            // stored in a field, a package variable, a map; sent on a channel
)

// fate tells what happens to a pool held in v.
type fate struct {
	// closed is the Close of the pool (or of a value wrapping it) that runs
	// whenever the block holding the opening, up to limit, completes:
	// deferred, or a statement of that block or an enclosing one up to
	// limit. NoPos when there is none.
	closed token.Pos
	// deferred is set when that Close is deferred: it runs when the
	// function returns, not at the end of a loop's iteration.
	deferred bool
	escape   escape
	// used is set when the pool is used: anything but Close, the Set*
	// methods, Stats and comparisons. sql.Open and pgxpool.New connect
	// lazily: a pool opened and closed unused (to validate a DSN) never
	// connects.
	used bool
}

// fate follows v, which holds the pool opened at cur, in the function fn.
// Closes count when they are in the blocks from the opening's up to limit
// (the function's body, or a loop's).
func (a *pools) fate(cur, fn inspector.Cursor, limit *ast.BlockStmt, v *types.Var) fate {
	body := funcBody(fn.Node())
	if body == nil || limit == nil {
		return fate{escape: escKept}
	}
	set := a.aliases(body, fn, v)
	closed, deferred := a.closedAfter(cur, limit, set)
	return fate{
		closed:   closed,
		deferred: deferred,
		escape:   a.escapes(body, fn, set),
		used:     a.used(fn, set),
	}
}

// idle are the methods of a pool that do not connect.
var idle = map[string]bool{
	"Close": true, "SetMaxOpenConns": true, "SetMaxIdleConns": true, "SetConnMaxLifetime": true,
	"SetConnMaxIdleTime": true, "Stats": true, "Stat": true, "Driver": true, "Config": true,
}

// used reports whether the function at fn uses a member of the set in a way
// that may connect: anything but calling an idle method, comparing it, or
// assigning it.
func (a *pools) used(fn inspector.Cursor, set map[*types.Var]bool) bool {
	for c := range fn.Preorder((*ast.Ident)(nil)) {
		v, ok := a.info.Uses[c.Node().(*ast.Ident)].(*types.Var)
		if !ok || !set[v] {
			continue
		}
		switch p := c.Parent().Node().(type) {
		case *ast.SelectorExpr:
			if idle[p.Sel.Name] && c.Parent().ParentEdgeKind() == edge.CallExpr_Fun {
				continue
			}
		case *ast.BinaryExpr:
			if p.Op == token.EQL || p.Op == token.NEQ {
				continue
			}
		case *ast.AssignStmt:
			if c.ParentEdgeKind() == edge.AssignStmt_Lhs {
				continue
			}
		case *ast.ReturnStmt, *ast.CompositeLit, *ast.KeyValueExpr:
			continue // handed on, not used here
		}
		return true
	}
	return false
}

// aliases returns v and the local variables that hold it, or hold a value
// built from it: x := sqlx.NewDb(db, ...), sqlDB, _ := gormDB.DB(),
// repo := NewRepo(db), repo.SetDB(db).
func (a *pools) aliases(body *ast.BlockStmt, fn inspector.Cursor, v *types.Var) map[*types.Var]bool {
	set := map[*types.Var]bool{v: true}
	add := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		if !ok || id.Name == "_" {
			return false
		}
		w, ok := a.info.ObjectOf(id).(*types.Var)
		if !ok || set[w] || !a.local(w, fn) || !mayHold(w.Type()) {
			return false
		}
		set[w] = true
		return true
	}
	for range 6 {
		changed := false
		ast.Inspect(body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				for i, rhs := range n.Rhs {
					if !a.carries(rhs, set) {
						continue
					}
					if len(n.Lhs) == len(n.Rhs) {
						changed = add(n.Lhs[i]) || changed
					} else {
						for _, lhs := range n.Lhs {
							changed = add(lhs) || changed
						}
					}
				}
			case *ast.ValueSpec:
				for i, rhs := range n.Values {
					if !a.carries(rhs, set) {
						continue
					}
					if len(n.Names) == len(n.Values) {
						changed = add(n.Names[i]) || changed
					} else {
						for _, name := range n.Names {
							changed = add(name) || changed
						}
					}
				}
			case *ast.CallExpr:
				// repo.SetDB(db): repo now holds the pool.
				sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr)
				if !ok || !a.isMethod(sel) {
					return true
				}
				for _, arg := range n.Args {
					if a.carries(arg, set) {
						if root := rootIdent(sel.X); root != nil {
							if w, ok := a.info.Uses[root].(*types.Var); ok && bodyLocal(w, fn) && !set[w] {
								set[w] = true
								changed = true
							}
						}
						break
					}
				}
			}
			return true
		})
		if !changed {
			break
		}
	}
	return set
}

func (a *pools) isMethod(sel *ast.SelectorExpr) bool {
	s, ok := a.info.Selections[sel]
	return ok && s.Kind() == types.MethodVal
}

// carries reports whether the value of e holds one of the set: it mentions
// one, except as the receiver of a method call whose result is not a pool
// (db.Query(...), db.Close()) and as an operand of a comparison (db != nil).
func (a *pools) carries(e ast.Node, set map[*types.Var]bool) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr)
			if !ok || !a.isMethod(sel) {
				return true
			}
			if isPoolType(firstType(a.info.TypeOf(n))) && a.carries(sel.X, set) {
				found = true
				return false
			}
			for _, arg := range n.Args {
				if a.carries(arg, set) {
					found = true
					break
				}
			}
			// The receiver itself: only its own subexpressions' calls.
			if !found {
				found = a.carriesInReceiver(sel.X, set)
			}
			return false
		case *ast.BinaryExpr:
			if n.Op == token.EQL || n.Op == token.NEQ {
				return false
			}
		case *ast.Ident:
			if v, ok := a.info.Uses[n].(*types.Var); ok && set[v] {
				found = true
			}
		}
		return true
	})
	return found
}

// carriesInReceiver reports whether a receiver expression carries one of
// the set other than as the receiver itself: f(db).M() does, db.M() and
// db.x.M() do not.
func (a *pools) carriesInReceiver(x ast.Expr, set map[*types.Var]bool) bool {
	switch x := ast.Unparen(x).(type) {
	case *ast.Ident:
		return false
	case *ast.SelectorExpr:
		return a.carriesInReceiver(x.X, set)
	default:
		return a.carries(x, set)
	}
}

// holds reports whether the value of e is one of the set, or a value that
// holds it directly: &Store{db: db}, a closure that uses it, a conversion,
// gormDB.DB(). The result of another call that was given the pool
// (return fn(db)) does not count: what a function returns after using a pool
// is not the pool.
func (a *pools) holds(e ast.Expr, set map[*types.Var]bool) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		v, ok := a.info.Uses[e].(*types.Var)
		return ok && set[v]
	case *ast.UnaryExpr:
		return e.Op == token.AND && a.holds(e.X, set)
	case *ast.StarExpr:
		return a.holds(e.X, set)
	case *ast.CompositeLit:
		for _, elt := range e.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				elt = kv.Value
			}
			if a.holds(elt, set) {
				return true
			}
		}
	case *ast.FuncLit:
		return a.mentions(e, set)
	case *ast.CallExpr:
		if tv, ok := a.info.Types[e.Fun]; ok && tv.IsType() && len(e.Args) == 1 {
			return a.holds(e.Args[0], set)
		}
		if sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr); ok && a.isMethod(sel) {
			return isPoolType(firstType(a.info.TypeOf(e))) && a.holds(sel.X, set)
		}
	}
	return false
}

// escapes reports the strongest way the set leaves the function body:
// returned, stored beyond it, sent, handed to a long-lived value.
func (a *pools) escapes(body *ast.BlockStmt, fn inspector.Cursor, set map[*types.Var]bool) escape {
	esc := escNone
	raise := func(e escape) {
		if e > esc {
			esc = e
		}
	}
	nonLocal := func(lhs ast.Expr) bool {
		id, ok := ast.Unparen(lhs).(*ast.Ident)
		if !ok {
			return true
		}
		if id.Name == "_" {
			return false
		}
		v, ok := a.info.ObjectOf(id).(*types.Var)
		return ok && !a.local(v, fn)
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ReturnStmt:
			for _, r := range n.Results {
				if a.holds(r, set) {
					raise(escReturned)
				}
			}
		case *ast.AssignStmt:
			for i, rhs := range n.Rhs {
				if !a.carries(rhs, set) {
					continue
				}
				if len(n.Lhs) == len(n.Rhs) {
					if nonLocal(n.Lhs[i]) {
						raise(escKept)
					}
					continue
				}
				for _, lhs := range n.Lhs {
					if nonLocal(lhs) {
						raise(escKept)
					}
				}
			}
		case *ast.SendStmt:
			if a.carries(n.Value, set) {
				raise(escKept)
			}
		case *ast.CallExpr:
			if !a.handedOn(n, fn) {
				return true
			}
			for _, arg := range n.Args {
				if a.carries(arg, set) {
					raise(escHanded)
				}
			}
		}
		return true
	})
	return esc
}

// closedAfter returns the position of a Close of the set that runs when
// the blocks from the statement holding cur up to limit complete: a
// statement after it in one of those blocks (deferred or not), or NoPos;
// and whether it is deferred.
func (a *pools) closedAfter(cur inspector.Cursor, limit *ast.BlockStmt, set map[*types.Var]bool) (token.Pos, bool) {
	for c := cur; c.Valid(); c = c.Parent() {
		switch c.Node().(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return token.NoPos, false
		}
		var list []ast.Stmt
		switch p := c.Parent().Node().(type) {
		case *ast.IfStmt:
			// if db, err := sql.Open(...); err == nil { defer db.Close(); ... }
			if c.ParentEdgeKind() == edge.IfStmt_Init {
				if pos := a.closingIn(p.Body.List, set); pos.IsValid() {
					return pos, a.deferredIn(p.Body.List, pos) && !litBelow(c, limit)
				}
			}
			continue
		case *ast.BlockStmt:
			list = p.List
		case *ast.CaseClause:
			list = p.Body
		case *ast.CommClause:
			list = p.Body
		default:
			continue
		}
		stmt, ok := c.Node().(ast.Stmt)
		if !ok {
			continue
		}
		after := false
		for _, s := range list {
			if s == stmt {
				after = true
				continue
			}
			if after {
				if pos := a.closing(s, set); pos.IsValid() {
					// A defer in a function literal called in the loop
					// runs at the end of the iteration.
					_, deferred := s.(*ast.DeferStmt)
					return pos, deferred && !litBelow(c, limit)
				}
			}
		}
		if c.Parent().Node() == limit {
			return token.NoPos, false
		}
	}
	return token.NoPos, false
}

// deferredIn reports whether the statement of list holding pos is a defer.
func (a *pools) deferredIn(list []ast.Stmt, pos token.Pos) bool {
	for _, s := range list {
		if within(pos, s) {
			_, ok := s.(*ast.DeferStmt)
			return ok
		}
	}
	return false
}

// litBelow reports whether a function literal encloses c below limit.
func litBelow(c inspector.Cursor, limit ast.Node) bool {
	for ; c.Valid() && c.Node() != limit; c = c.Parent() {
		if _, ok := c.Node().(*ast.FuncLit); ok {
			return true
		}
	}
	return false
}

// closing returns the position of the Close of the set that the statement
// s runs whenever it runs, or NoPos: db.Close(), defer db.Close(),
// err = db.Close(), return db.Close(), defer func() { ... db.Close() ... }(),
// if err := db.Close(); ..., if db != nil { db.Close() }.
func (a *pools) closing(s ast.Stmt, set map[*types.Var]bool) token.Pos {
	switch s := s.(type) {
	case *ast.ExprStmt:
		if call, ok := ast.Unparen(s.X).(*ast.CallExpr); ok && a.isClose(call, set) {
			return call.Pos()
		}
	case *ast.DeferStmt:
		if a.isClose(s.Call, set) {
			return s.Call.Pos()
		}
		if lit, ok := ast.Unparen(s.Call.Fun).(*ast.FuncLit); ok {
			return a.closingIn(lit.Body.List, set)
		}
	case *ast.AssignStmt:
		for _, rhs := range s.Rhs {
			if call, ok := ast.Unparen(rhs).(*ast.CallExpr); ok && a.isClose(call, set) {
				return call.Pos()
			}
		}
	case *ast.ReturnStmt:
		pos := token.NoPos
		for _, r := range s.Results {
			ast.Inspect(r, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok && !pos.IsValid() && a.isClose(call, set) {
					pos = call.Pos()
				}
				return !pos.IsValid()
			})
		}
		return pos
	case *ast.IfStmt:
		if s.Init != nil {
			if pos := a.closing(s.Init, set); pos.IsValid() {
				return pos
			}
		}
		if a.mentions(s.Cond, set) {
			return a.closingIn(s.Body.List, set)
		}
	case *ast.BlockStmt:
		return a.closingIn(s.List, set)
	}
	return token.NoPos
}

func (a *pools) closingIn(list []ast.Stmt, set map[*types.Var]bool) token.Pos {
	for _, s := range list {
		if pos := a.closing(s, set); pos.IsValid() {
			return pos
		}
	}
	return token.NoPos
}

// isClose reports whether call is x.Close() on a member of the set.
func (a *pools) isClose(call *ast.CallExpr, set map[*types.Var]bool) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Close" || !a.isMethod(sel) {
		return false
	}
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := a.info.Uses[id].(*types.Var)
	return ok && set[v]
}

func (a *pools) mentions(e ast.Node, set map[*types.Var]bool) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := a.info.Uses[id].(*types.Var); ok && set[v] {
				found = true
			}
		}
		return !found
	})
	return found
}
