package dsninject

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"

	"github.com/dbpoollint/dbpoollint/internal/noreturn"
)

// funcInfo is a function body of the package: a declaration or a literal.
type funcInfo struct {
	node  ast.Node // *ast.FuncDecl or *ast.FuncLit
	typ   *ast.FuncType
	body  *ast.BlockStmt
	fn    *types.Func // the declared function, nil for a literal
	outer *funcInfo   // the function a literal sits in

	g         *cfg.CFG // built on first use
	preds     map[*cfg.Block][]*cfg.Block
	opaqueDef map[*ast.Ident]bool // range keys and values, select receives: defined with values not known
}

// funcs indexes the package's function bodies.
type funcs struct {
	info  *types.Info
	all   []*funcInfo // in preorder: a literal comes after the function around it
	decls map[*types.Func]*funcInfo
}

func indexFuncs(info *types.Info, in *inspector.Inspector) *funcs {
	fs := &funcs{info: info, decls: make(map[*types.Func]*funcInfo)}
	var stack []*funcInfo
	in.Nodes([]ast.Node{(*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)}, func(n ast.Node, push bool) bool {
		if !push {
			if len(stack) > 0 && stack[len(stack)-1].node == n {
				stack = stack[:len(stack)-1]
			}
			return true
		}
		fi := &funcInfo{node: n}
		switch n := n.(type) {
		case *ast.FuncDecl:
			fi.typ, fi.body = n.Type, n.Body
			if fn, ok := info.Defs[n.Name].(*types.Func); ok {
				fi.fn = fn
				if n.Body != nil {
					fs.decls[fn] = fi
				}
			}
		case *ast.FuncLit:
			fi.typ, fi.body = n.Type, n.Body
		}
		if len(stack) > 0 {
			fi.outer = stack[len(stack)-1]
		}
		if fi.body == nil {
			return false
		}
		fs.all = append(fs.all, fi)
		stack = append(stack, fi)
		return true
	})
	return fs
}

// enclosing returns the innermost function body around pos, or nil.
func (fs *funcs) enclosing(pos token.Pos) *funcInfo {
	var best *funcInfo
	for _, fi := range fs.all {
		if fi.body.Pos() <= pos && pos < fi.body.End() {
			best = fi // preorder: later matches are nested deeper
		}
	}
	return best
}

// graph builds the function's control-flow graph on first use.
func (fi *funcInfo) graph(info *types.Info) *cfg.CFG {
	if fi.g != nil {
		return fi.g
	}
	fi.g = cfg.New(fi.body, noreturn.MayReturn(info))
	fi.preds = make(map[*cfg.Block][]*cfg.Block)
	for _, b := range fi.g.Blocks {
		for _, s := range b.Succs {
			fi.preds[s] = append(fi.preds[s], b)
		}
	}
	fi.opaqueDef = make(map[*ast.Ident]bool)
	inspectBody(fi.body, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.RangeStmt:
			for _, e := range []ast.Expr{n.Key, n.Value} {
				if id, ok := e.(*ast.Ident); ok {
					fi.opaqueDef[id] = true
				}
			}
		case *ast.CommClause:
			if as, ok := n.Comm.(*ast.AssignStmt); ok {
				for _, e := range as.Lhs {
					if id, ok := e.(*ast.Ident); ok {
						fi.opaqueDef[id] = true
					}
				}
			}
		}
	})
	return fi.g
}

// inspectBody calls f for every node of body, not descending into function
// literals (they are functions of their own).
func inspectBody(body ast.Node, f func(ast.Node)) {
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok && n != body {
			return false
		}
		f(n)
		return true
	})
}

// def is an assignment of a local variable.
type def struct {
	node  ast.Node    // *ast.AssignStmt, *ast.ValueSpec, or the node of an opaque definition
	op    token.Token // the assignment's token (DEFINE, ASSIGN, ADD_ASSIGN), or ILLEGAL
	value ast.Expr    // the value assigned, when the assignment is one to one; nil for a var without value
	multi ast.Expr    // the multi-valued expression when several variables take one call's results
	index int         // the variable's index among the assigned ones
	known bool        // false: the variable was set in a way whose value cannot be seen (range, &v, ...)
}

// reaching returns the definitions of v that reach pos in fi, and whether
// some path from the function's entry reaches pos without defining v (the
// variable then holds what it held when the function was entered: a
// parameter, a captured variable). ok is false when pos is not in fi's
// graph.
func reaching(info *types.Info, fi *funcInfo, v *types.Var, pos token.Pos) (defs []def, entry, ok bool) {
	g := fi.graph(info)
	start, idx := locate(g, pos)
	if start == nil {
		return nil, false, false
	}
	seen := make(map[ast.Node]bool)
	visited := make(map[*cfg.Block]bool)
	var walk func(b *cfg.Block, upto int)
	walk = func(b *cfg.Block, upto int) {
		for i := upto - 1; i >= 0; i-- {
			if d, found := defIn(info, fi, b.Nodes[i], v); found {
				if !seen[d.node] {
					seen[d.node] = true
					defs = append(defs, d)
				}
				return
			}
		}
		// go/cfg assigns a range statement's key and value once, before the
		// loop; they are assigned anew at the start of every iteration.
		if b.Kind == cfg.KindRangeBody {
			if rs, ok := b.Stmt.(*ast.RangeStmt); ok && (isVar(info, rs.Key, v) || isVar(info, rs.Value, v)) {
				if !seen[rs] {
					seen[rs] = true
					defs = append(defs, def{node: rs})
				}
				return
			}
		}
		if b == g.Blocks[0] {
			entry = true
			return
		}
		for _, p := range fi.preds[b] {
			if p.Live && !visited[p] {
				visited[p] = true
				walk(p, len(p.Nodes))
			}
		}
	}
	walk(start, idx)
	return defs, entry, true
}

// isVar reports whether e is the variable v.
func isVar(info *types.Info, e ast.Expr, v *types.Var) bool {
	if e == nil {
		return false
	}
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && info.ObjectOf(id) == v
}

// locate returns the live block and the index of its node that contain pos
// (the smallest such node).
func locate(g *cfg.CFG, pos token.Pos) (*cfg.Block, int) {
	var (
		best  *cfg.Block
		index int
		size  token.Pos
	)
	for _, b := range g.Blocks {
		if !b.Live {
			continue
		}
		for i, n := range b.Nodes {
			if n.Pos() <= pos && pos < n.End() && (best == nil || n.End()-n.Pos() < size) {
				best, index, size = b, i, n.End()-n.Pos()
			}
		}
	}
	return best, index
}

// defIn looks for a definition of v in the cfg node n.
func defIn(info *types.Info, fi *funcInfo, n ast.Node, v *types.Var) (def, bool) {
	is := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && info.ObjectOf(id) == v
	}
	if id, ok := n.(*ast.Ident); ok && fi.opaqueDef[id] && is(id) {
		return def{node: n}, true
	}
	var (
		d     def
		found bool
	)
	inspectBody(n, func(n ast.Node) {
		if found {
			return
		}
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				if !is(lhs) {
					continue
				}
				d = def{node: n, op: n.Tok, index: i, known: true}
				switch {
				case len(n.Lhs) == len(n.Rhs):
					d.value = n.Rhs[i]
				case len(n.Rhs) == 1:
					d.multi = n.Rhs[0]
				}
				found = true
				return
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				if info.Defs[name] != v {
					continue
				}
				d = def{node: n, op: token.DEFINE, index: i, known: true}
				switch {
				case len(n.Values) == len(n.Names):
					d.value = n.Values[i]
				case len(n.Values) == 1:
					d.multi = n.Values[0]
				}
				found = true
				return
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND && is(n.X) {
				d, found = def{node: n}, true // written through a pointer, maybe
			}
		}
	})
	return d, found
}

// localVar returns the local variable e denotes, or nil for anything else
// (globals, fields, constants, functions).
func localVar(info *types.Info, e ast.Expr) *types.Var {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok || v.IsField() || v.Pkg() == nil || v.Parent() == nil || v.Parent() == v.Pkg().Scope() {
		return nil
	}
	return v
}

// paramIndex returns the index of v among fi's parameters (not counting the
// receiver), or -1. A variadic parameter counts as not found.
func paramIndex(info *types.Info, fi *funcInfo, v *types.Var) int {
	if fi == nil || fi.typ.Params == nil {
		return -1
	}
	k := 0
	for _, field := range fi.typ.Params.List {
		if _, variadic := field.Type.(*ast.Ellipsis); variadic {
			return -1
		}
		if len(field.Names) == 0 {
			k++
			continue
		}
		for _, name := range field.Names {
			if info.Defs[name] == v {
				return k
			}
			k++
		}
	}
	return -1
}

// resultVar returns fi's i'th named result, or nil.
func resultVar(info *types.Info, fi *funcInfo, i int) *types.Var {
	if fi.typ.Results == nil {
		return nil
	}
	k := 0
	for _, field := range fi.typ.Results.List {
		for _, name := range field.Names {
			if k == i {
				v, _ := info.Defs[name].(*types.Var)
				return v
			}
			k++
		}
		if len(field.Names) == 0 {
			k++
		}
	}
	return nil
}

// returnsOf returns the return statements of fi's body, not those of
// function literals inside it.
func returnsOf(fi *funcInfo) []*ast.ReturnStmt {
	var rets []*ast.ReturnStmt
	inspectBody(fi.body, func(n ast.Node) {
		if r, ok := n.(*ast.ReturnStmt); ok {
			rets = append(rets, r)
		}
	})
	return rets
}

// numResults returns the number of results fi declares.
func numResults(fi *funcInfo) int {
	if fi.typ.Results == nil {
		return 0
	}
	n := 0
	for _, f := range fi.typ.Results.List {
		n += max(1, len(f.Names))
	}
	return n
}

// assignmentsOf returns every node of fi's body (not of nested literals)
// that assigns v or takes its address, in source order.
func assignmentsOf(info *types.Info, fi *funcInfo, v *types.Var) []def {
	var defs []def
	inspectBody(fi.body, func(n ast.Node) {
		switch n.(type) {
		case *ast.AssignStmt, *ast.ValueSpec, *ast.UnaryExpr:
			if d, ok := defIn(info, fi, n, v); ok && d.node == n {
				defs = append(defs, d)
			}
		case *ast.RangeStmt:
			r := n.(*ast.RangeStmt)
			for _, e := range []ast.Expr{r.Key, r.Value} {
				if id, ok := e.(*ast.Ident); ok && info.ObjectOf(id) == v {
					defs = append(defs, def{node: n})
				}
			}
		}
	})
	slices.SortFunc(defs, func(a, b def) int { return int(a.node.Pos() - b.node.Pos()) })
	return defs
}
