// Package flow is the data- and control-flow layer the suite's analyzers
// share, built at most once per package (scope.Package.Flow): the package's
// function index (declarations and literals), their parameters and results,
// one notion of local variable, one control-flow graph per function with one
// never-return rule, reaching definitions, an iterator over assignments, and
// the destination of a call's result.
//
// Everything is computed on first use and kept: a function that no analyzer
// asks about costs one entry in the index. A Package is safe for concurrent
// use by the analyzers of one package.
package flow

import (
	"cmp"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"sync"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"
)

// Package is the flow layer of one package.
type Package struct {
	Fset *token.FileSet
	Pkg  *types.Package
	Info *types.Info
	in   *inspector.Inspector

	// callee resolves a call to the function it reaches, method values
	// included (sqlapi.Resolver): the never-return rule reads same-package
	// callees through it.
	callee func(*ast.CallExpr) *types.Func

	indexOnce sync.Once
	funcs     []*Func
	byNode    map[ast.Node]*Func
	decls     map[*types.Func]*Func
	byPos     []*Func // funcs ordered by position, for EnclosingPos

	harnessOnce sync.Once
	isHarness   bool
	// supportFiles are the package's non-test files that exist for its
	// tests (ForTests): they import testing and declare a function taking
	// one of its types.
	supportFiles map[*token.File]bool

	// failable memoizes, per error variable, whether some definition of it
	// is the error of a call that cannot fail (CondValue's first test), so
	// that each condition on a variable assigned N times costs O(1), not
	// O(N). Guarded by condMu.
	condMu   sync.Mutex
	failable map[*types.Var]bool

	// mu guards the lazily built parts of every Func (graphs, uses) and the
	// never-return memo: building one graph may build others (a call of a
	// same-package helper asks whether that helper returns).
	mu sync.Mutex
}

// New returns the flow layer of a package. callee resolves calls (nil:
// typeutil's static callee).
func New(fset *token.FileSet, pkg *types.Package, info *types.Info, in *inspector.Inspector, callee func(*ast.CallExpr) *types.Func) *Package {
	return &Package{Fset: fset, Pkg: pkg, Info: info, in: in, callee: callee}
}

// Inspector returns the package's inspector.
func (p *Package) Inspector() *inspector.Inspector { return p.in }

// Func is one function body of the package: a declaration or a literal.
type Func struct {
	p      *Package
	Cursor inspector.Cursor
	Node   ast.Node // *ast.FuncDecl or *ast.FuncLit
	Type   *ast.FuncType
	Body   *ast.BlockStmt
	// Obj is the declared function; nil for a literal.
	Obj *types.Func
	// Outer is the function a literal is written in; nil for a declaration.
	Outer *Func

	// Built on first use, under p.mu.
	uses     map[*types.Var][]inspector.Cursor
	defs     map[*types.Var][]Def // Defs, indexed for every variable
	g        *cfg.CFG
	index    map[ast.Node]NodePos
	preds    map[*cfg.Block][]*cfg.Block
	opaque   map[*ast.Ident]bool // range keys and values, select receives
	noReturn int8                // 0 unknown, 1 in progress, 2 never returns, 3 returns
	building bool                // the graph is being built
}

func (p *Package) index() {
	p.indexOnce.Do(func() {
		p.byNode = make(map[ast.Node]*Func)
		p.decls = make(map[*types.Func]*Func)
		var stack []*Func
		for cur := range p.in.Root().Preorder((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
			n := cur.Node()
			for len(stack) > 0 && !within(n, stack[len(stack)-1].Node) {
				stack = stack[:len(stack)-1]
			}
			f := &Func{p: p, Cursor: cur, Node: n}
			switch n := n.(type) {
			case *ast.FuncDecl:
				f.Type, f.Body = n.Type, n.Body
				f.Obj, _ = p.Info.Defs[n.Name].(*types.Func)
			case *ast.FuncLit:
				f.Type, f.Body = n.Type, n.Body
			}
			if f.Body == nil {
				continue // an external declaration
			}
			if len(stack) > 0 {
				f.Outer = stack[len(stack)-1]
			}
			if f.Obj != nil {
				p.decls[f.Obj] = f
			}
			p.funcs = append(p.funcs, f)
			p.byNode[n] = f
			stack = append(stack, f)
		}
		p.byPos = slices.Clone(p.funcs)
		slices.SortStableFunc(p.byPos, func(a, b *Func) int { return cmp.Compare(a.Node.Pos(), b.Node.Pos()) })
	})
}

func within(n, outer ast.Node) bool {
	return outer.Pos() <= n.Pos() && n.End() <= outer.End()
}

// Funcs returns every function body of the package, in source order: a
// literal comes after the function it is written in.
func (p *Package) Funcs() []*Func {
	p.index()
	return p.funcs
}

// Decl returns the declaration of fn (its generic origin) in this package,
// if it has a body.
func (p *Package) Decl(fn *types.Func) *Func {
	if fn == nil || fn.Pkg() != p.Pkg {
		return nil
	}
	p.index()
	return p.decls[fn.Origin()]
}

// Func returns the function whose node (*ast.FuncDecl or *ast.FuncLit) is n.
func (p *Package) Func(n ast.Node) *Func {
	p.index()
	return p.byNode[n]
}

// Enclosing returns the innermost function whose body holds the node at cur,
// or nil (a package-level initializer).
func (p *Package) Enclosing(cur inspector.Cursor) *Func {
	for c := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		if c == cur {
			continue // a literal is held by the function around it
		}
		return p.Func(c.Node())
	}
	return nil
}

// EnclosingPos returns the innermost function whose node holds pos, or nil.
// It costs a binary search over the package's functions and a walk out
// through the ones enclosing the last that starts before pos.
func (p *Package) EnclosingPos(pos token.Pos) *Func {
	p.index()
	i, _ := slices.BinarySearchFunc(p.byPos, pos, func(f *Func, pos token.Pos) int {
		if f.Node.Pos() <= pos {
			return -1
		}
		return 1
	})
	if i == 0 {
		return nil
	}
	for f := p.byPos[i-1]; f != nil; f = f.Outer {
		if f.Node.Pos() <= pos && pos < f.Node.End() {
			return f
		}
	}
	return nil
}

// Name names the function for messages: its name, "T.M" for a method, or
// "literal in F" for a function literal.
func (f *Func) Name() string {
	if f.Obj != nil {
		if recv := f.Obj.Signature().Recv(); recv != nil {
			if n := namedOf(recv.Type()); n != nil {
				return n.Obj().Name() + "." + f.Obj.Name()
			}
		}
		return f.Obj.Name()
	}
	if f.Outer != nil {
		return "literal in " + f.Outer.Name()
	}
	return "function literal"
}

func namedOf(t types.Type) *types.Named {
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	n, _ := t.(*types.Named)
	return n
}

// Recv returns the declared receiver variable, or nil (a function, a
// literal, an unnamed receiver).
func (f *Func) Recv() *types.Var {
	fd, ok := f.Node.(*ast.FuncDecl)
	if !ok || fd.Recv == nil || len(fd.Recv.List) == 0 || len(fd.Recv.List[0].Names) == 0 {
		return nil
	}
	v, _ := f.p.Info.Defs[fd.Recv.List[0].Names[0]].(*types.Var)
	return v
}

// Param returns the parameter at index i (not counting the receiver), and
// whether i falls in the variadic tail (then v is the slice parameter). v is
// nil for an unnamed or blank parameter and for an index past the end.
func (f *Func) Param(i int) (v *types.Var, variadic bool) {
	if f.Type.Params == nil || i < 0 {
		return nil, false
	}
	k := 0
	list := f.Type.Params.List
	for fi, field := range list {
		_, ellipsis := field.Type.(*ast.Ellipsis)
		last := ellipsis && fi == len(list)-1
		n := max(len(field.Names), 1)
		for j := range n {
			if k == i || (last && i >= k) {
				if len(field.Names) == 0 || field.Names[j].Name == "_" {
					return nil, last
				}
				v, _ := f.p.Info.Defs[field.Names[j]].(*types.Var)
				return v, last
			}
			k++
		}
	}
	return nil, false
}

// ParamIndex returns the index of v among the parameters (not counting the
// receiver), or -1; the variadic parameter counts as not found.
func (f *Func) ParamIndex(v *types.Var) int {
	if f.Type.Params == nil || v == nil {
		return -1
	}
	k := 0
	for _, field := range f.Type.Params.List {
		if _, ellipsis := field.Type.(*ast.Ellipsis); ellipsis {
			return -1
		}
		if len(field.Names) == 0 {
			k++
			continue
		}
		for _, name := range field.Names {
			if f.p.Info.Defs[name] == v {
				return k
			}
			k++
		}
	}
	return -1
}

// NumResults returns the number of results the function declares.
func (f *Func) NumResults() int {
	if f.Type.Results == nil {
		return 0
	}
	n := 0
	for _, field := range f.Type.Results.List {
		n += max(1, len(field.Names))
	}
	return n
}

// Result returns the named result at index i, or nil.
func (f *Func) Result(i int) *types.Var {
	if f.Type.Results == nil {
		return nil
	}
	k := 0
	for _, field := range f.Type.Results.List {
		if len(field.Names) == 0 {
			k++
			continue
		}
		for _, name := range field.Names {
			if k == i {
				v, _ := f.p.Info.Defs[name].(*types.Var)
				return v
			}
			k++
		}
	}
	return nil
}

// IsResult reports whether v is one of the function's named results.
func (f *Func) IsResult(v *types.Var) bool {
	return v != nil && f.Type.Results != nil && f.Type.Results.Pos() <= v.Pos() && v.Pos() < f.Type.Results.End()
}

// IsLocal reports whether v is a variable of this function: a parameter or
// the receiver, or a variable declared in its body (nested literals
// included); not a named result (the caller gets it), a field, a package
// variable, or a variable of an enclosing function.
func (f *Func) IsLocal(v *types.Var) bool {
	if v == nil || v.IsField() || f.IsResult(v) {
		return false
	}
	return f.Node.Pos() <= v.Pos() && v.Pos() < f.Node.End()
}

// InBody reports whether v is declared in the function's body (not a
// parameter or result).
func (f *Func) InBody(v *types.Var) bool {
	return v != nil && !v.IsField() && f.Body.Pos() <= v.Pos() && v.Pos() < f.Body.End()
}

// LocalVar returns the variable e denotes when it is a local variable of
// some function (a parameter included): not a field, a package variable, a
// constant or a function. Parentheses are looked through.
func (p *Package) LocalVar(e ast.Expr) *types.Var {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	v, ok := p.Info.ObjectOf(id).(*types.Var)
	if !ok || v.IsField() || v.Pkg() == nil || v.Parent() == nil || v.Parent() == v.Pkg().Scope() {
		return nil
	}
	return v
}

// Uses returns every identifier of the function (nested literals included)
// that refers to v, declarations included, in source order.
func (f *Func) Uses(v *types.Var) []inspector.Cursor {
	f.p.mu.Lock()
	defer f.p.mu.Unlock()
	f.buildUses()
	return f.uses[v]
}

func (f *Func) buildUses() {
	if f.uses != nil {
		return
	}
	f.uses = make(map[*types.Var][]inspector.Cursor)
	for c := range f.Cursor.Preorder((*ast.Ident)(nil)) {
		if v, ok := f.p.Info.ObjectOf(c.Node().(*ast.Ident)).(*types.Var); ok {
			f.uses[v] = append(f.uses[v], c)
		}
	}
}

// Returns returns the return statements of the function's body, not those
// of literals inside it.
func (f *Func) Returns() []*ast.ReturnStmt {
	var rets []*ast.ReturnStmt
	Inspect(f.Body, func(n ast.Node) bool {
		if r, ok := n.(*ast.ReturnStmt); ok {
			rets = append(rets, r)
		}
		return true
	})
	return rets
}

// Inspect calls visit for every node below root in depth-first order, not
// descending into function literals other than root itself (they are
// functions of their own); visit returning false skips a node's children.
func Inspect(root ast.Node, visit func(ast.Node) bool) {
	ast.Inspect(root, func(n ast.Node) bool {
		if n == nil {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok && n != root {
			return false
		}
		return visit(n)
	})
}
