package pooldeadlock

// This file knows which pool a value stands for when it is not the pool's
// own variable: a local bound once to a struct literal holding the pool
// (repo := &Repo{db: s.db}), a statement prepared on it or a sqlc Queries
// built on it (sqlapi.BoundTo), and a field of a struct of this package
// that every literal and assignment binds to a sibling field holding the
// pool (&Service{db: pool, q: sqlcdb.New(pool)}: s.q stands for s.db).

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/dbpoollint/dbpoollint/internal/flow"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// maxSteps bounds how many bindings canon follows.
const maxSteps = 8

// canon returns the path of the value p stands for, following bindings
// (see the file's comment) as far as they go.
func (c *checker) canon(p flow.Path) flow.Path {
	for range maxSteps {
		q, ok := c.step(p)
		if !ok {
			break
		}
		p = q
	}
	return p
}

// step rewrites p one binding closer to its source.
func (c *checker) step(p flow.Path) (flow.Path, bool) {
	if p.Root == nil {
		return p, false
	}
	if f := c.fl.EnclosingPos(p.Root.Pos()); f != nil && f.InBody(p.Root) {
		defs := f.Defs(p.Root)
		if len(defs) != 1 || !defs[0].Known {
			return p, false
		}
		a := defs[0].Assign
		if a.Rhs == nil && a.Index != 0 {
			return p, false // the error of stmt, err := db.Prepare(q)
		}
		x := a.Value()
		if x == nil {
			return p, false
		}
		return c.valuePath(x, p.Fields)
	}
	// A field bound to a sibling field.
	dot := strings.LastIndexByte(p.Fields, '.')
	if dot < 0 {
		return p, false
	}
	parent := flow.Path{Root: p.Root, Fields: p.Fields[:dot]}
	field := fieldOf(pathType(parent), p.Fields[dot+1:])
	if field != nil && sqlapi.IsBuilder(field.Type()) && poolType(pathType(parent)) {
		return parent, true // ent's client.User: the client's
	}
	if s := c.siblings()[field]; s.bound != nil {
		return flow.Path{Root: p.Root, Fields: parent.Fields + "." + s.bound.Name()}, true
	}
	return p, false
}

// valuePath returns the path of the value x stands for, with the fields
// rest selected from it: a literal's field value, what a bound value was
// bound to, or x's own path.
func (c *checker) valuePath(x ast.Expr, rest string) (flow.Path, bool) {
	info := c.pass.TypesInfo
	x = ast.Unparen(x)
	if u, ok := x.(*ast.UnaryExpr); ok && u.Op == token.AND {
		if lit, ok := ast.Unparen(u.X).(*ast.CompositeLit); ok {
			x = lit
		}
	}
	switch x := x.(type) {
	case *ast.CompositeLit:
		if rest == "" {
			return flow.Path{}, false
		}
		name, more, _ := strings.Cut(rest[1:], ".")
		if more != "" {
			more = "." + more
		}
		for f, v := range litFields(info, x) {
			if f.Name() == name {
				return c.valuePath(v, more)
			}
		}
		return flow.Path{}, false
	case *ast.CallExpr:
		rc, ok := c.res.Resolve(x)
		if !ok || rest != "" {
			return flow.Path{}, false
		}
		i, ok := sqlapi.BoundTo(rc)
		if !ok {
			return flow.Path{}, false
		}
		if i < 0 {
			if rc.Recv == nil {
				return flow.Path{}, false
			}
			return c.valuePath(rc.Recv, "")
		}
		return c.valuePath(rc.Args[i], "")
	}
	p, ok := flow.PathOf(info, x)
	p.Fields += rest
	return p, ok
}

// litFields yields the fields a struct literal sets, with their values.
func litFields(info *types.Info, lit *ast.CompositeLit) func(func(*types.Var, ast.Expr) bool) {
	return func(yield func(*types.Var, ast.Expr) bool) {
		st, ok := typeUnder(info.TypeOf(lit)).(*types.Struct)
		if !ok {
			return
		}
		for i, el := range lit.Elts {
			var f *types.Var
			v := el
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				id, ok := kv.Key.(*ast.Ident)
				if !ok {
					return
				}
				f = fieldOf(info.TypeOf(lit), id.Name)
				v = kv.Value
			} else if i < st.NumFields() {
				f = st.Field(i)
			}
			if f != nil && !yield(f, v) {
				return
			}
		}
	}
}

func typeUnder(t types.Type) types.Type {
	if t == nil {
		return nil
	}
	return t.Underlying()
}

// fieldOf returns the field name of the struct t (or *t), or nil.
func fieldOf(t types.Type, name string) *types.Var {
	if t == nil {
		return nil
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, name)
	if obj == nil {
		// An unexported field of this package.
		if n := sqlapi.NamedOf(t); n != nil {
			obj, _, _ = types.LookupFieldOrMethod(t, true, n.Obj().Pkg(), name)
		}
	}
	v, _ := obj.(*types.Var)
	if v == nil || !v.IsField() {
		return nil
	}
	return v
}

// pathType returns the type of the value at p, or nil.
func pathType(p flow.Path) types.Type {
	t := p.Root.Type()
	for name := range strings.SplitSeq(strings.TrimPrefix(p.Fields, "."), ".") {
		if name == "" {
			break
		}
		f := fieldOf(t, name)
		if f == nil {
			return nil
		}
		t = f.Type()
	}
	return t
}

// sibling is what a field of a struct of this package is bound to: the
// sibling field holding the pool that every value stored in it was bound
// to (a Queries, a statement), or the one holding the pool that every
// transaction stored in it was begun on (tx).
type sibling struct {
	bound, tx *types.Var
}

// siblings returns, once per package, the fields bound to a sibling.
func (c *checker) siblings() map[*types.Var]sibling {
	if c.sib != nil {
		return c.sib
	}
	c.sib = make(map[*types.Var]sibling)
	info := c.pass.TypesInfo
	conflict := make(map[*types.Var]bool)
	record := func(f *types.Var, s sibling) {
		if conflict[f] {
			return
		}
		if old, ok := c.sib[f]; ok && old != s || s == (sibling{}) {
			conflict[f] = true
			delete(c.sib, f)
			return
		}
		c.sib[f] = s
	}
	// Which fields may be bound: asked once per field.
	kinds := make(map[*types.Var]bool)
	bindable := func(f *types.Var) bool {
		b, ok := kinds[f]
		if !ok {
			h := sqlapi.HandleOf(f.Type())
			b = f.Pkg() == c.pass.Pkg && (h == sqlapi.Tx || h == sqlapi.Stmt || sqlapi.IsQueries(f.Type()))
			kinds[f] = b
		}
		return b
	}
	for cur := range c.fl.Inspector().Root().Preorder((*ast.CompositeLit)(nil), (*ast.AssignStmt)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.CompositeLit:
			st, ok := typeUnder(info.TypeOf(n)).(*types.Struct)
			if !ok || sqlapi.NamedOf(info.TypeOf(n)) == nil {
				continue
			}
			some := false
			for i := range st.NumFields() {
				if bindable(st.Field(i)) {
					some = true
				}
			}
			if !some {
				continue // no field of this struct can be bound
			}
			vals := make(map[*types.Var]ast.Expr)
			for f, v := range litFields(info, n) {
				vals[f] = v
			}
			for i := range st.NumFields() {
				f := st.Field(i)
				if !bindable(f) {
					continue
				}
				if sqlapi.HandleOf(f.Type()) == sqlapi.Tx {
					if _, set := vals[f]; !set {
						conflict[f] = true // a value of the struct without a transaction
						delete(c.sib, f)
					}
				}
			}
			for f, v := range vals {
				if !bindable(f) || isNil(info, v) {
					continue
				}
				if s, ok := c.bindsTo(f, v, func(p flow.Path) *types.Var {
					for g, w := range vals {
						if g != f && poolType(g.Type()) {
							if q, ok := c.valuePath(w, ""); ok && c.canon(q) == p {
								return g
							}
						}
					}
					return nil
				}); ok {
					record(f, s)
				}
			}
		case *ast.AssignStmt:
			for a := range flow.Assigns(n) {
				sel, ok := ast.Unparen(a.Lhs).(*ast.SelectorExpr)
				if !ok {
					continue
				}
				s, ok := info.Selections[sel]
				if !ok || s.Kind() != types.FieldVal {
					continue
				}
				f := s.Obj().(*types.Var)
				if !bindable(f) {
					continue
				}
				v := a.Value()
				if v == nil || (a.Rhs == nil && a.Index != 0) {
					conflict[f] = true
					delete(c.sib, f)
					continue
				}
				if isNil(info, v) {
					if sqlapi.HandleOf(f.Type()) == sqlapi.Tx {
						conflict[f] = true // the struct holds no transaction from here on
						delete(c.sib, f)
					}
					continue
				}
				owner, ok := flow.PathOf(info, sel.X)
				if !ok {
					conflict[f] = true
					delete(c.sib, f)
					continue
				}
				if s, ok := c.bindsTo(f, v, func(p flow.Path) *types.Var {
					if p.Root != owner.Root || !strings.HasPrefix(p.Fields, owner.Fields+".") {
						return nil
					}
					g := fieldOf(pathType(owner), p.Fields[len(owner.Fields)+1:])
					if g == nil || g == f || !poolType(g.Type()) {
						return nil
					}
					return g
				}); ok {
					record(f, s)
				}
			}
		}
	}
	return c.sib
}

// bindsTo returns what storing v into the field f binds it to, when f holds
// a transaction, a statement or a sqlc Queries: the sibling field that
// find returns for the pool v comes from. ok is false for a field of
// another type.
func (c *checker) bindsTo(f *types.Var, v ast.Expr, find func(flow.Path) *types.Var) (sibling, bool) {
	var s sibling
	switch {
	case sqlapi.HandleOf(f.Type()) == sqlapi.Tx:
		if p, ok := c.txPool(v); ok {
			s.tx = find(c.canon(p))
		}
		return s, true
	case sqlapi.HandleOf(f.Type()) == sqlapi.Stmt || sqlapi.IsQueries(f.Type()):
		if p, ok := c.valuePath(v, ""); ok {
			s.bound = find(c.canon(p))
		}
		return s, true
	}
	return s, false
}

// txPool returns the path of the pool the transaction v was begun on: v is
// a call of a pool's method, or a local variable defined once by one.
func (c *checker) txPool(v ast.Expr) (flow.Path, bool) {
	v = ast.Unparen(v)
	if id, ok := v.(*ast.Ident); ok {
		lv := c.fl.LocalVar(id)
		f := c.fl.EnclosingPos(id.Pos())
		if lv == nil || f == nil || !f.InBody(lv) {
			return flow.Path{}, false
		}
		defs := f.Defs(lv)
		if len(defs) != 1 || !defs[0].Known || (defs[0].Assign.Rhs == nil && defs[0].Assign.Index != 0) {
			return flow.Path{}, false
		}
		v = ast.Unparen(defs[0].Assign.Value())
	}
	call, ok := v.(*ast.CallExpr)
	if !ok {
		return flow.Path{}, false
	}
	rc, ok := c.res.Resolve(call)
	if !ok || rc.Recv == nil || !isPool(c.pass.TypesInfo, rc.Recv) {
		return flow.Path{}, false
	}
	if res := rc.Func.Signature().Results(); res.Len() == 0 || sqlapi.HandleOf(res.At(0).Type()) != sqlapi.Tx {
		return flow.Path{}, false
	}
	return flow.PathOf(c.pass.TypesInfo, rc.Recv)
}

func isNil(info *types.Info, e ast.Expr) bool {
	tv, ok := info.Types[e]
	return ok && tv.IsNil()
}

// recvPath returns the path of the value a method call's callee is called
// on: the receiver expression, and the embedded fields a promoted method is
// reached through (s.GetUser on a Store embedding *Queries is s.Queries).
func (c *checker) recvPath(rc sqlapi.Call) (flow.Path, bool) {
	info := c.pass.TypesInfo
	p, ok := flow.PathOf(info, rc.Recv)
	if !ok {
		return c.valuePath(rc.Recv, "") // a builder's chain: db.NewSelect().Where(...)
	}
	sel, ok := rc.Fun().(*ast.SelectorExpr)
	if !ok || rc.Via != sqlapi.Direct {
		return p, true
	}
	s, ok := info.Selections[sel]
	if !ok {
		return p, true
	}
	t := s.Recv()
	idx := s.Index()
	for _, i := range idx[:len(idx)-1] {
		st, ok := typeUnder(derefType(t)).(*types.Struct)
		if !ok || i >= st.NumFields() {
			return p, false
		}
		f := st.Field(i)
		p.Fields += "." + f.Name()
		t = f.Type()
	}
	return p, true
}

func derefType(t types.Type) types.Type {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// holders returns the acquisitions, in a method of a struct type of this
// package, from the pool a field of the receiver holds a transaction of
// (see siblings: every value of the type holds one): an updater holding
// FOR UPDATE locks that reads through its pool. A method that begins,
// ends, replaces or tests the transaction is left alone.
func (c *checker) holders() []finding {
	sib := c.siblings()
	var out []finding
	for _, f := range c.fl.Funcs() {
		recv := f.Recv()
		if recv == nil {
			continue
		}
		st, ok := typeUnder(derefType(recv.Type())).(*types.Struct)
		if !ok {
			continue
		}
		for i := range st.NumFields() {
			t := st.Field(i)
			s, ok := sib[t]
			if !ok || s.tx == nil || c.touches(f, recv, t) {
				continue
			}
			pool := flow.Path{Root: recv, Fields: "." + s.tx.Name()}
			txPath := flow.Path{Root: recv, Fields: "." + t.Name()}
			for _, list := range c.acquisitions(f) {
				for _, a := range list {
					if a.acq.pool == pool {
						out = append(out, finding{call: a.call, acq: a.acq, held: held{pool: pool, field: &txPath}})
					}
				}
			}
		}
	}
	return out
}

// touches reports whether f uses the field t of its receiver recv other
// than as the receiver of a method that neither commits nor rolls back.
func (c *checker) touches(f *flow.Func, recv, t *types.Var) bool {
	info := c.pass.TypesInfo
	touched := false
	for cur := range f.Cursor.Preorder((*ast.SelectorExpr)(nil)) {
		sel := cur.Node().(*ast.SelectorExpr)
		if p, ok := flow.PathOf(info, sel); !ok || p.Root != recv || p.Fields != "."+t.Name() {
			continue
		}
		parent, ok := cur.Parent().Node().(*ast.SelectorExpr)
		if !ok || parent.X != sel {
			touched = true
			break
		}
		s, ok := info.Selections[parent]
		if !ok || s.Kind() != types.MethodVal {
			touched = true
			break
		}
		if cl := sqlapi.ClassOf(t.Type()); cl == nil || cl.Releases(parent.Sel.Name) {
			touched = true
			break
		}
	}
	return touched
}

// txParam reports whether p, of a pool type whose transactions share it
// (gorm's *gorm.DB), is a parameter of a function declaration: its callers
// may pass a transaction (func DestroyKey(tx *gorm.DB, id uint64)).
func (c *checker) txParam(p flow.Path) bool {
	k := sqlapi.ClassOf(pathType(p))
	if k == nil || k.TxClass == nil || p.Root == nil || p.Fields != "" {
		return false
	}
	pos := p.Root.Pos()
	cur, ok := c.fl.Inspector().Root().FindByPos(pos, pos)
	if !ok {
		return false
	}
	for fn := range cur.Enclosing((*ast.FuncDecl)(nil)) {
		fd := fn.Node().(*ast.FuncDecl)
		return fd.Type.Params.Pos() <= pos && pos < fd.Type.Params.End()
	}
	return false
}

// maybeTx reports whether p, of a pool type whose transactions share it
// (gorm's *gorm.DB), may hold a transaction: a function literal's
// parameter (Transaction's callback) or a local variable some assignment
// gives a Begin's result. Rows read from it and its next statement share
// one connection, not the pool.
func (c *checker) maybeTx(p flow.Path) bool {
	k := sqlapi.ClassOf(pathType(p))
	if k == nil || k.TxClass == nil || p.Root == nil || p.Fields != "" {
		return false
	}
	pos := p.Root.Pos()
	if cur, ok := c.fl.Inspector().Root().FindByPos(pos, pos); ok {
		for fn := range cur.Enclosing((*ast.FuncLit)(nil), (*ast.FuncDecl)(nil)) {
			if lit, ok := fn.Node().(*ast.FuncLit); ok && lit.Type.Params.Pos() <= pos && pos < lit.Type.Params.End() {
				return true // a callback's parameter
			}
			break
		}
	}
	f := c.fl.EnclosingPos(pos)
	if f == nil || !f.InBody(p.Root) {
		return false
	}
	for _, d := range f.Defs(p.Root) {
		if !d.Known {
			return true
		}
		call, ok := ast.Unparen(d.Assign.Value()).(*ast.CallExpr)
		if !ok {
			continue
		}
		if rc, ok := c.res.Resolve(call); ok && sqlapi.BeginResult(rc) != nil {
			return true
		}
	}
	return false
}
