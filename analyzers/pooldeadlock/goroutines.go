package pooldeadlock

// This file follows goroutines a function starts and waits for: a goroutine
// that asks the pool for a connection while the function holds one and
// waits for it (a sync.WaitGroup, an errgroup.Group) deadlocks the same way
// as a call made in place. A goroutine nobody waits for is silent: the
// function may release its handle before the goroutine runs.

import (
	"go/ast"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/dbpoollint/dbpoollint/internal/flow"
)

// spawned is an acquisition made in a goroutine of the function: started at
// node (a go statement, or the call of a group's Go), waited for through
// waiter.
type spawned struct {
	node   ast.Node
	waiter flow.Path
	located
}

// waited is a Wait call of a wait group or an errgroup.Group.
type waited struct {
	node   ast.Node
	waiter flow.Path
	call   *ast.CallExpr
}

// groupMethod reports whether call is the method name of a
// sync.WaitGroup or an errgroup.Group, and the path of the group.
func (c *checker) groupMethod(call *ast.CallExpr, names ...string) (flow.Path, bool) {
	rc, ok := c.res.Resolve(call)
	if !ok || rc.Recv == nil {
		return flow.Path{}, false
	}
	for _, n := range names {
		if rc.IsMethod("sync", "WaitGroup", n) || rc.IsMethod("golang.org/x/sync/errgroup", "Group", n) {
			return flow.PathOf(c.pass.TypesInfo, rc.Recv)
		}
	}
	return flow.Path{}, false
}

// goroutines returns the acquisitions of the goroutines f starts, and the
// waits of f, by group.
func (c *checker) goroutines(f *flow.Func) (spawns []spawned, waits []waited) {
	for cur := range f.Cursor.Preorder((*ast.GoStmt)(nil), (*ast.CallExpr)(nil)) {
		np, ok := f.NodeOf(cur)
		if !ok || enclosing(cur) != f.Node {
			continue // another function's, or unreachable
		}
		node := np.Block.Nodes[np.Index]
		var lit *ast.FuncLit
		var waiter flow.Path
		var group bool
		switch x := cur.Node().(type) {
		case *ast.GoStmt:
			lit, _ = ast.Unparen(x.Call.Fun).(*ast.FuncLit)
		case *ast.CallExpr:
			if p, ok := c.groupMethod(x, "Wait"); ok {
				waits = append(waits, waited{node, p, x})
				continue
			}
			if p, ok := c.groupMethod(x, "Go"); ok && len(x.Args) == 1 {
				lit, _ = ast.Unparen(x.Args[0]).(*ast.FuncLit)
				waiter, group = p, true
			}
		}
		if lit == nil {
			continue
		}
		litCur, ok := cur.FindNode(lit)
		if !ok {
			continue
		}
		if !group {
			for d := range litCur.Preorder((*ast.CallExpr)(nil)) {
				if p, ok := c.groupMethod(d.Node().(*ast.CallExpr), "Done"); ok {
					waiter, group = p, true
					break
				}
			}
		}
		if !group {
			continue // nobody is shown to wait for it
		}
		var found []located
		c.calls(litCur, func(call *ast.CallExpr) bool {
			if a, ok := c.acquires(call, nil); ok {
				found = append(found, located{call, a})
			}
			return true
		})
		for _, l := range found {
			spawns = append(spawns, spawned{node, waiter, l})
		}
	}
	return spawns, waits
}

// waitedCall is an acquisition of a goroutine and the Wait for it.
type waitedCall struct {
	located
	wait *ast.CallExpr
}

// waitedIn returns the acquisitions of goroutines started while hd is live
// and waited for while it still is.
func waitedIn(hd held, spawns []spawned, waits []waited) []waitedCall {
	var out []waitedCall
	for _, s := range spawns {
		if s.acq.pool != hd.pool || !hd.h.Live[s.node] {
			continue
		}
		for _, w := range waits {
			if w.waiter == s.waiter && hd.h.Live[w.node] {
				out = append(out, waitedCall{s.located, w.call})
				break
			}
		}
	}
	return out
}

// enclosing returns the function declaration or literal cur is in.
func enclosing(cur inspector.Cursor) ast.Node {
	for c := cur.Parent(); c.Valid(); c = c.Parent() {
		switch c.Node().(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			return c.Node()
		}
	}
	return nil
}
