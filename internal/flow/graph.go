package flow

import (
	"go/ast"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"

	"github.com/dbpoollint/dbpoollint/internal/noreturn"
)

// NodePos locates a node of a control-flow graph: its block and its index
// among the block's nodes.
type NodePos struct {
	Block *cfg.Block
	Index int
}

// CFG returns the function's control-flow graph, built once. Calls that
// never return end their paths (see MayReturn).
func (f *Func) CFG() *cfg.CFG {
	f.p.mu.Lock()
	defer f.p.mu.Unlock()
	return f.graph()
}

// graph builds the graph; p.mu is held.
func (f *Func) graph() *cfg.CFG {
	if f.g != nil {
		return f.g
	}
	f.building = true
	g := cfg.New(f.Body, f.p.mayReturn)
	f.building = false
	f.g = g
	f.index = make(map[ast.Node]NodePos)
	f.preds = make(map[*cfg.Block][]*cfg.Block)
	for _, b := range f.g.Blocks {
		for _, s := range b.Succs {
			f.preds[s] = append(f.preds[s], b)
		}
		if !b.Live {
			continue
		}
		for i, n := range b.Nodes {
			f.index[n] = NodePos{b, i}
		}
	}
	f.opaque = make(map[*ast.Ident]bool)
	Inspect(f.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.RangeStmt:
			for _, e := range []ast.Expr{n.Key, n.Value} {
				if id, ok := e.(*ast.Ident); ok {
					f.opaque[id] = true
				}
			}
		case *ast.CommClause:
			if as, ok := n.Comm.(*ast.AssignStmt); ok {
				for _, e := range as.Lhs {
					if id, ok := e.(*ast.Ident); ok {
						f.opaque[id] = true
					}
				}
			}
		}
		return true
	})
	return f.g
}

// At returns where the graph holds n, a node of one of its live blocks (a
// statement, or the condition of an if, for or switch).
func (f *Func) At(n ast.Node) (NodePos, bool) {
	f.CFG()
	np, ok := f.index[n]
	return np, ok
}

// NodeOf returns the graph node that contains the node at cur: that node,
// or the nearest one around it that the graph holds. ok is false for code
// the graph does not reach, and for code of a nested literal (whose body is
// a graph of its own) unless the literal is itself part of a node.
func (f *Func) NodeOf(cur inspector.Cursor) (NodePos, bool) {
	f.CFG()
	for c := cur; c.Valid() && c.Node() != f.Node; c = c.Parent() {
		if np, ok := f.index[c.Node()]; ok {
			return np, true
		}
	}
	return NodePos{}, false
}

// Preds returns the predecessors of b.
func (f *Func) Preds(b *cfg.Block) []*cfg.Block {
	f.CFG()
	return f.preds[b]
}

// MayReturn is the one never-return rule of the suite, the mayReturn argument
// of cfg.New: a call does not return when package noreturn says so (panic,
// os.Exit, log.Fatal*, t.Fatal*, ...) or when it calls a function of this
// package none of whose paths returns (a fail() that calls log.Fatal).
func (p *Package) MayReturn(call *ast.CallExpr) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.mayReturn(call)
}

// mayReturn is MayReturn with p.mu held.
func (p *Package) mayReturn(call *ast.CallExpr) bool {
	if noreturn.Call(p.Info, call) {
		return false
	}
	if p.callee == nil {
		return true
	}
	fn := p.callee(call)
	if fn == nil || fn.Pkg() != p.Pkg {
		return true
	}
	g := p.Decl(fn)
	return g == nil || !g.neverReturns()
}

// NeverReturns reports whether no path through the function returns.
func (f *Func) NeverReturns() bool {
	f.p.mu.Lock()
	defer f.p.mu.Unlock()
	return f.neverReturns()
}

func (f *Func) neverReturns() bool {
	switch f.noReturn {
	case 1, 3:
		return false // recursion: assume it returns
	case 2:
		return true
	}
	if f.building {
		return false // its graph is being built: recursion, assume it returns
	}
	f.noReturn = 1
	if f.graph().NoReturn() {
		f.noReturn = 2
		return true
	}
	f.noReturn = 3
	return false
}
