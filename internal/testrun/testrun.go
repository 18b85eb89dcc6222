// Package testrun knows which database mistakes in test code can fail or
// hang the test run, the only ones the suite reports there by default.
//
// Test code (flow's ForTests: _test.go files, functions taking a
// *testing.T, B, F or testing.TB, test-harness packages) lives as long as
// one test: rows left until the test's database is closed, a CREATE TABLE
// sent through QueryContext, a connection held on purpose for a lock cost
// nothing there. What does cost a run is a handle that keeps connections
// while the test asks for more than the pool gives:
//   - a handle leaked in a loop: each iteration keeps one more connection
//     (the loop runs the producer again over a handle still open, a discarded
//     result, a release deferred to the end of the test);
//   - a handle leaked from a pool the test caps with SetMaxOpenConns(n) (a
//     constant), when n handles of that pool are leaked in the function and
//     a later call still uses the pool: that call waits for ever;
//   - a second connection taken while the function holds k connections of a
//     pool the package caps at k or fewer: the call waits for ever.
//
// Each analyzer's -tests option reports the rest as it does outside tests.
package testrun

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/dbpoollint/dbpoollint/internal/flow"
	"github.com/dbpoollint/dbpoollint/internal/lifecycle"
	"github.com/dbpoollint/dbpoollint/internal/scope"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// Runs answers, for one package, which findings in test code can fail or
// hang the test run.
type Runs struct {
	info *types.Info
	fl   *flow.Package
	// caps: the constant SetMaxOpenConns of each pool, by pool key; the
	// smallest when several are seen.
	caps map[poolKey]int64
	// uses: the calls of each pool that may take a connection, in source
	// order.
	uses map[poolKey][]token.Pos
	// hang: the leaked handles whose function, with its capped pool, waits
	// for ever.
	hang map[*lifecycle.Handle]bool
}

type runsKey struct{}

// Of returns the package's Runs, computed once per package.
func Of(pass *analysis.Pass) *Runs {
	pkg := scope.Of(pass)
	return scope.Shared(pkg, runsKey{}, func() *Runs {
		r := &Runs{info: pass.TypesInfo, fl: pkg.Flow(), caps: make(map[poolKey]int64), uses: make(map[poolKey][]token.Pos)}
		r.scan(pkg)
		r.hangs(lifecycle.Of(pass))
		return r
	})
}

// ForTests reports whether the code at pos is test code (flow's ForTests).
func (r *Runs) ForTests(pos token.Pos) bool { return r.fl.ForTests(pos) }

// poolKey names a pool across the functions of a package: its variable, or
// for a field path (s.db, suite.pool) the type of the variable and the
// fields, so that a testify suite capped in SetupSuite is capped in every
// test method.
type poolKey struct {
	v      *types.Var
	t      string
	fields string
}

func (r *Runs) keyOf(e ast.Expr) (poolKey, bool) {
	if e == nil {
		return poolKey{}, false
	}
	p, ok := flow.PathOf(r.info, e)
	if !ok {
		return poolKey{}, false
	}
	return pathKey(p)
}

func pathKey(p flow.Path) (poolKey, bool) {
	switch {
	case p.Root == nil:
		return poolKey{}, false
	case p.Fields == "":
		return poolKey{v: p.Root}, true
	}
	return poolKey{t: types.TypeString(p.Root.Type(), nil), fields: p.Fields}, true
}

// scan records the pools' constant limits and the calls that may take a
// connection from them.
func (r *Runs) scan(pkg *scope.Package) {
	for _, pc := range pkg.Calls() {
		if !pc.Resolved || pc.Call.Recv == nil || pc.Call.Interface() {
			continue
		}
		c := pc.Call
		class := sqlapi.ClassOf(r.info.TypeOf(c.Recv))
		if class == nil || class.Kind != sqlapi.DB {
			continue
		}
		k, ok := r.keyOf(c.Recv)
		if !ok {
			continue
		}
		if c.Name() == "SetMaxOpenConns" && len(c.Args) == 1 {
			if tv, ok := r.info.Types[c.Args[0]]; ok && tv.Value != nil && tv.Value.Kind() == constant.Int {
				if n, ok := constant.Int64Val(tv.Value); ok && n > 0 {
					if old, seen := r.caps[k]; !seen || n < old {
						r.caps[k] = n
					}
				}
			}
			continue
		}
		if !slices.Contains(class.Idle, c.Name()) {
			r.uses[k] = append(r.uses[k], pc.Expr.Pos())
		}
	}
}

// pool returns the pool the handle was taken from: the receiver of its
// producer, when that is a pool.
func (r *Runs) pool(h *lifecycle.Handle) (poolKey, bool) {
	call, ok := ast.Unparen(h.Call.Fun).(*ast.SelectorExpr)
	if !ok {
		return poolKey{}, false
	}
	class := sqlapi.ClassOf(r.info.TypeOf(call.X))
	if class == nil || class.Kind != sqlapi.DB {
		return poolKey{}, false
	}
	return r.keyOf(call.X)
}

// leaked reports whether the handle keeps its connection past its use on
// some path.
func leaked(h *lifecycle.Handle) bool {
	return len(h.Leaks) > 0 || h.Fate == lifecycle.Discarded || h.DeferInLoop != nil
}

// hangs finds, per function and capped pool, the leaked handles after the
// n-th of which a call still uses the pool: the test waits for ever.
func (r *Runs) hangs(lc *lifecycle.Result) {
	r.hang = make(map[*lifecycle.Handle]bool)
	type fkey struct {
		f *flow.Func
		k poolKey
	}
	groups := make(map[fkey][]*lifecycle.Handle)
	var order []fkey
	for _, h := range lc.Handles {
		if !leaked(h) || h.Func == nil {
			continue
		}
		k, ok := r.pool(h)
		if !ok {
			continue
		}
		if _, capped := r.caps[k]; !capped {
			continue
		}
		fk := fkey{h.Func, k}
		if _, seen := groups[fk]; !seen {
			order = append(order, fk)
		}
		groups[fk] = append(groups[fk], h)
	}
	for _, fk := range order {
		hs := groups[fk]
		n := r.caps[fk.k]
		if int64(len(hs)) < n {
			continue
		}
		slices.SortFunc(hs, func(x, y *lifecycle.Handle) int { return int(x.Call.Pos() - y.Call.Pos()) })
		nth := hs[n-1].Call.End()
		end := fk.f.Node.End()
		for _, p := range r.uses[fk.k] {
			if p > nth && p < end {
				for _, h := range hs {
					r.hang[h] = true
				}
				break
			}
		}
	}
}

// Leak reports whether the leaked handle h, in test code, can fail or hang
// the test run: it is leaked in a loop, or from a pool the test caps below
// the handles it leaks before using the pool again.
func (r *Runs) Leak(h *lifecycle.Handle) bool {
	if r.hang[h] {
		return true
	}
	if h.Fate == lifecycle.Discarded {
		return inLoop(h.Cursor)
	}
	if h.Loop == nil {
		return false
	}
	if h.DeferInLoop != nil {
		return true
	}
	for _, x := range h.Leaks {
		switch x.Kind {
		case lifecycle.Iteration:
			return true
		case lifecycle.Reassign:
			if x.Pos >= h.Loop.Pos() && x.End <= h.Loop.End() {
				return true
			}
		}
	}
	return false
}

// inLoop reports whether the code at cur runs in a loop of its function.
func inLoop(cur inspector.Cursor) bool {
	for c := range cur.Enclosing((*ast.ForStmt)(nil), (*ast.RangeStmt)(nil), (*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		switch c.Node().(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return true
		}
		return false
	}
	return false
}

// Waits reports whether a call taking a connection from the pool p, while
// held connections of that pool are taken, waits for ever: the package caps
// the pool at held or fewer.
func (r *Runs) Waits(p flow.Path, held int) bool {
	k, ok := pathKey(p)
	if !ok {
		return false
	}
	n, ok := r.caps[k]
	return ok && n <= int64(held)
}
