package singledb

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/dbpoollint/dbpoollint/internal/analyzerdoc"
	"github.com/dbpoollint/dbpoollint/internal/ignore"
	"github.com/dbpoollint/dbpoollint/internal/lifecycle"
	"github.com/dbpoollint/dbpoollint/internal/scope"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

//go:embed doc.go
var doc string

// Diagnostic categories.
const (
	// CategoryPerRequest: a pool opener called in a request scope.
	CategoryPerRequest = "pool-per-request"
	// CategoryPerCall: a function that opens and closes its own pool, called
	// in a request scope or in a loop.
	CategoryPerCall = "pool-per-call"
	// CategoryPerIteration: a pool opened and closed in each iteration of a loop.
	CategoryPerIteration = "pool-per-iteration"
)

// The consequences, shared by the messages (the doc says why: a handshake
// per pool, and a pool's limits limit nothing when every request has one).
const (
	perRequestCost   = "connections multiply under load"
	perIterationCost = "each paying a connection handshake for one use"
	perIterationPile = "closed by a defer only at return, so the pools pile up"
)

// Analyzer is singledb with its default settings.
var Analyzer = New()

// New returns a fresh singledb analyzer with its own flags.
func New() *analysis.Analyzer {
	c := &checker{loops: true}
	a := &analysis.Analyzer{
		Name:     "singledb",
		Doc:      analyzerdoc.Extract(doc, "singledb"),
		URL:      analyzerdoc.PageURL("singledb"),
		Requires: []*analysis.Analyzer{scope.Analyzer},
		Run:      ignore.Wrap(c.run),
	}
	a.Flags.BoolVar(&c.loops, "loops", true,
		"also report pools opened and closed in each iteration of a loop (directly or through a same-package function), outside request scopes")
	a.Flags.BoolVar(&c.tests, "tests", false,
		"report in test code as elsewhere (by default tests open pools as they like: a pool per test or per iteration fails no run)")
	return a
}

type checker struct {
	loops bool
	tests bool
}

func (c *checker) run(pass *analysis.Pass) (any, error) {
	pkg := scope.Of(pass)
	if !pkg.Reaches {
		return nil, nil
	}
	if len(lifecycle.Of(pass).Kinds(sqlapi.DB, sqlapi.Conn)) == 0 {
		return nil, nil // nothing here opens a pool or a connection
	}
	a := newPools(pass)
	a.tests = c.tests
	for _, h := range a.lc.Handles {
		if h.Kind != sqlapi.DB && h.Kind != sqlapi.Conn || a.forTests(h.Call.Pos()) {
			continue
		}
		if op, ok := a.openingOf(h); ok {
			c.checkOpening(a, op)
		}
	}
	for _, c2 := range pkg.Calls() {
		if !c2.Resolved {
			continue
		}
		cur, call := c2.Cur, c2.Call
		if _, ok := sqlapi.OpenerOf(call); ok || a.derivedOf(call.Func) != nil {
			continue // an opening: reported as such
		}
		if pc := a.perCallOf(call.Func); pc != nil && !a.forTests(cur.Node().Pos()) {
			c.checkPerCallSite(a, cur, call, pc)
		}
	}
	return nil, nil
}

// checkOpening reports an opener called in a request scope, or in a loop
// whose iteration its pool does not outlive.
func (c *checker) checkOpening(a *pools, op opening) {
	h := op.h
	cur := h.Cursor
	if scope, ok := a.scopes.Enclosing(cur); ok {
		if h.Fate == lifecycle.HandedOver && h.Escape >= lifecycle.Shared {
			return // stored beyond the request: lazy initialization or a cache of pools
		}
		if h.Fate == lifecycle.Tracked {
			if !released(h) && h.Escape != lifecycle.Stays {
				return
			}
			if !used(h) && !op.connects {
				return // opened to validate the DSN: no connection is made
			}
		}
		var related []analysis.RelatedInformation
		if op.root.IsValid() {
			related = []analysis.RelatedInformation{{Pos: op.root, Message: op.name + " opens the pool with " + op.rootName + " here"}}
		}
		a.pass.Report(analysis.Diagnostic{
			Pos:      cur.Node().Pos(),
			End:      cur.Node().End(),
			Category: CategoryPerRequest,
			Message: fmt.Sprintf("%s in this %s opens a %s per request, so %s; %s",
				op.name, scope.Kind, what(op.single), perRequestCost, shareAdvice(a, op.single, op.pool)),
			Related: related,
		})
		return
	}
	if !c.loops || h.Fate != lifecycle.Tracked {
		return
	}
	loop, _ := loopOf(cur)
	if loop == nil || a.exempt(cur) || a.waits(loop) || !ownPool(h, op) {
		return
	}
	if a.variant(loop, op.args) {
		return // a different database per iteration, perhaps
	}
	closed, _ := firstRelease(h)
	pos := closed.Node.Pos()
	cost, related := perIterationCost, "the pool is closed here, in the same iteration"
	if h.DeferInLoop != nil {
		cost, related = perIterationPile, "the pool is closed here, when the function returns"
	}
	a.pass.Report(analysis.Diagnostic{
		Pos:      cur.Node().Pos(),
		End:      cur.Node().End(),
		Category: CategoryPerIteration,
		Message:  fmt.Sprintf("%s opens a %s in every iteration, %s; open it once before the loop", op.name, what(op.single), cost),
		Related:  []analysis.RelatedInformation{{Pos: pos, Message: related}},
	})
}

// checkPerCallSite reports a call of a per-call-pool function in a request
// scope or in a loop.
func (c *checker) checkPerCallSite(a *pools, cur inspector.Cursor, call sqlapi.Call, pc *perCall) {
	if pc.reported {
		return // its opener runs in a request scope and is reported there
	}
	name := call.Func.Name()
	related := []analysis.RelatedInformation{
		{Pos: pc.open, Message: "the pool is opened here, " + pc.through() + "on every call"},
		{Pos: pc.close, Message: "and closed here, before " + pc.closer + " returns"},
	}
	if scope, ok := a.scopes.Enclosing(cur); ok {
		a.pass.Report(analysis.Diagnostic{
			Pos:      cur.Node().Pos(),
			End:      cur.Node().End(),
			Category: CategoryPerCall,
			Message: fmt.Sprintf("%s opens a %s per call, so one per request in this %s: %s; %s",
				name, what(pc.single), scope.Kind, perRequestCost, passAdvice(a, pc.single, pc.pool)),
			Related: related,
		})
		return
	}
	if !c.loops {
		return
	}
	loop, _ := loopOf(cur)
	if loop == nil || a.exempt(cur) || a.waits(loop) {
		return
	}
	if a.variant(loop, argsAt(call, pc.deps)) {
		return
	}
	a.pass.Report(analysis.Diagnostic{
		Pos:      cur.Node().Pos(),
		End:      cur.Node().End(),
		Category: CategoryPerCall,
		Message: fmt.Sprintf("%s opens its own %s per call, so this loop opens one per iteration, %s; pass it a %s",
			name, what(pc.single), perIterationCost, a.typeName(pc.pool)),
		Related: related,
	})
}

// what names what an opener opens: a pool, or one connection.
func what(single bool) string {
	if single {
		return "connection"
	}
	return "pool"
}

// shareAdvice says what to do instead of opening per request: share the pool
// opened at startup; a connection cannot be shared, a pool of them can.
func shareAdvice(a *pools, single bool, pool types.Type) string {
	if single {
		return "use a *pgxpool.Pool opened at startup"
	}
	return "open one at startup"
}

// passAdvice says what to give a function that opens its own pool instead.
func passAdvice(a *pools, single bool, pool types.Type) string {
	if single {
		return "use a *pgxpool.Pool opened at startup"
	}
	return "pass it a " + a.typeName(pool)
}

// typeName prints a pool type the way its users write it: *sql.DB, *pgxpool.Pool.
func (a *pools) typeName(t types.Type) string {
	if t == nil {
		return "pool"
	}
	return types.TypeString(t, func(p *types.Package) string {
		if p == a.pass.Pkg {
			return ""
		}
		return p.Name()
	})
}

// forTests reports whether pos is in test code and -tests is off: tests,
// benchmarks, examples, TestMain, functions taking a *testing.T and test
// harness packages open pools as they like; no pool per test or per
// iteration fails or hangs a test run.
func (a *pools) forTests(pos token.Pos) bool {
	return !a.tests && scope.Of(a.pass).Flow().ForTests(pos)
}

// exempt reports whether the code at cur is in main (of package main) or
// in init, outside any request scope: code that runs once per process.
func (a *pools) exempt(cur inspector.Cursor) bool {
	for d := range cur.Enclosing((*ast.FuncDecl)(nil)) {
		decl := d.Node().(*ast.FuncDecl)
		if decl.Recv != nil {
			return false
		}
		switch decl.Name.Name {
		case "init":
			return true
		case "main":
			return a.pass.Pkg.Name() == "main"
		}
		return false
	}
	return false
}
