package flow

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/cfg"
)

// Def is a definition of a local variable: an assignment, a var spec, or a
// write whose value cannot be seen.
type Def struct {
	// Node is the *ast.AssignStmt or *ast.ValueSpec; for a write whose value
	// cannot be seen, the range statement, the &v expression or the
	// identifier defined by a select receive.
	Node ast.Node
	// Assign is the assignment target, when Known.
	Assign Assign
	// Known is false when the value written cannot be seen: a range key or
	// value, a select receive, the variable's address taken.
	Known bool
}

// Reaching returns the definitions of v that reach pos in f, and whether
// some path from the function's entry reaches pos without defining v (the
// variable then holds what it held when the function was entered: a
// parameter's argument, a captured variable's value). ok is false when pos
// is not in f's graph.
func (f *Func) Reaching(v *types.Var, pos token.Pos) (defs []Def, entry, ok bool) {
	g := f.CFG()
	start, idx := f.locate(pos)
	if start == nil {
		return nil, false, false
	}
	seen := make(map[ast.Node]bool)
	visited := make(map[*cfg.Block]bool)
	var walk func(b *cfg.Block, upto int)
	walk = func(b *cfg.Block, upto int) {
		for i := upto - 1; i >= 0; i-- {
			if d, found := f.defIn(b.Nodes[i], v); found {
				if !seen[d.Node] {
					seen[d.Node] = true
					defs = append(defs, d)
				}
				return
			}
		}
		// go/cfg assigns a range statement's key and value once, before the
		// loop; they are assigned anew at the start of every iteration.
		if b.Kind == cfg.KindRangeBody {
			if rs, ok := b.Stmt.(*ast.RangeStmt); ok && (f.is(rs.Key, v) || f.is(rs.Value, v)) {
				if !seen[rs] {
					seen[rs] = true
					defs = append(defs, Def{Node: rs})
				}
				return
			}
		}
		if b == g.Blocks[0] {
			entry = true
			return
		}
		for _, p := range f.preds[b] {
			if p.Live && !visited[p] {
				visited[p] = true
				walk(p, len(p.Nodes))
			}
		}
	}
	walk(start, idx)
	return defs, entry, true
}

// is reports whether e is the variable v.
func (f *Func) is(e ast.Expr, v *types.Var) bool {
	if e == nil {
		return false
	}
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && f.p.Info.ObjectOf(id) == v
}

// locate returns the live block and the index of the smallest graph node
// that contains pos.
func (f *Func) locate(pos token.Pos) (*cfg.Block, int) {
	cur, ok := f.Cursor.FindByPos(pos, pos)
	if !ok {
		return nil, 0
	}
	np, ok := f.NodeOf(cur)
	if !ok {
		return nil, 0
	}
	return np.Block, np.Index
}

// defIn looks for a definition of v in the graph node n.
func (f *Func) defIn(n ast.Node, v *types.Var) (Def, bool) {
	if id, ok := n.(*ast.Ident); ok && f.opaque[id] && f.is(id, v) {
		return Def{Node: n}, true
	}
	var (
		d     Def
		found bool
	)
	Inspect(n, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.AssignStmt, *ast.ValueSpec:
			for a := range Assigns(n) {
				if f.is(a.Lhs, v) {
					d, found = Def{Node: n, Assign: a, Known: true}, true
					return false
				}
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND && f.is(n.X, v) {
				d, found = Def{Node: n}, true // written through a pointer, maybe
			}
		}
		return true
	})
	return d, found
}

// Defs returns every node of the function's body (not of nested literals)
// that assigns v or takes its address, in source order. The first call
// indexes the definitions of every variable in one walk of the body, so
// that asking for many variables costs one walk, not one each.
func (f *Func) Defs(v *types.Var) []Def {
	f.CFG()
	f.p.mu.Lock()
	defer f.p.mu.Unlock()
	if f.defs == nil {
		f.buildDefs()
	}
	return f.defs[v]
}

// buildDefs indexes the definitions Defs returns; p.mu is held.
func (f *Func) buildDefs() {
	f.defs = make(map[*types.Var][]Def)
	add := func(e ast.Expr, d Def, seen map[*types.Var]bool) {
		id, ok := ast.Unparen(e).(*ast.Ident)
		if !ok {
			return
		}
		v, ok := f.p.Info.ObjectOf(id).(*types.Var)
		if !ok || seen[v] {
			return
		}
		if seen != nil {
			seen[v] = true
		}
		f.defs[v] = append(f.defs[v], d)
	}
	Inspect(f.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt, *ast.ValueSpec:
			seen := make(map[*types.Var]bool) // the first target naming v
			for a := range Assigns(n) {
				add(a.Lhs, Def{Node: n, Assign: a, Known: true}, seen)
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				add(n.X, Def{Node: n}, nil)
			}
		case *ast.RangeStmt:
			seen := make(map[*types.Var]bool)
			if n.Key != nil {
				add(n.Key, Def{Node: n}, seen)
			}
			if n.Value != nil {
				add(n.Value, Def{Node: n}, seen)
			}
		}
		return true
	})
	for v, defs := range f.defs {
		slices.SortStableFunc(defs, func(a, b Def) int { return int(a.Node.Pos() - b.Node.Pos()) })
		f.defs[v] = defs
	}
}
