// Package pooldeadlock: see doc.go.
package pooldeadlock

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/dbpoollint/dbpoollint/internal/analyzerdoc"
	"github.com/dbpoollint/dbpoollint/internal/dbdriver"
	"github.com/dbpoollint/dbpoollint/internal/flow"
	"github.com/dbpoollint/dbpoollint/internal/ignore"
	"github.com/dbpoollint/dbpoollint/internal/lifecycle"
	"github.com/dbpoollint/dbpoollint/internal/reqscope"
	"github.com/dbpoollint/dbpoollint/internal/scope"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
	"github.com/dbpoollint/dbpoollint/internal/testrun"
)

//go:embed doc.go
var doc string

// CategoryDeadlock: a call that takes a connection from a pool while the
// function holds one from it.
const CategoryDeadlock = "pool-deadlock"

// Analyzer is pooldeadlock with its default settings.
var Analyzer = New()

// New returns a fresh pooldeadlock analyzer with its own flags.
func New() *analysis.Analyzer {
	o := new(options)
	a := &analysis.Analyzer{
		Name:     "pooldeadlock",
		Doc:      analyzerdoc.Extract(doc, "pooldeadlock"),
		URL:      analyzerdoc.PageURL("pooldeadlock"),
		Requires: []*analysis.Analyzer{scope.Analyzer},
		Run:      ignore.Wrap(func(pass *analysis.Pass) (any, error) { return run(pass, o) }),
	}
	a.Flags.BoolVar(&o.tests, "tests", false,
		"report in test code as elsewhere, not only where the test caps the pool at the connections it holds")
	a.Flags.BoolVar(&o.strict, "strict", false,
		"also report in code that runs once per process (main, init, migrations, CLI commands) or in one goroutine it starts, and on database/sql pools nothing in the module limits")
	return a
}

type options struct {
	tests  bool
	strict bool
}

type checker struct {
	opts     *options
	pass     *analysis.Pass
	fl       *flow.Package
	res      *sqlapi.Resolver
	busy     map[*flow.Func]bool
	pkgCalls []scope.Call
	sib      map[*types.Var]sibling // see siblings
	limits   *limits                // see limited
}

// held is a handle a function holds, from a pool: a handle it produced, the
// handle of a callback's scope (h nil), or a transaction a field of its
// receiver holds (field).
type held struct {
	h     *lifecycle.Handle
	pool  flow.Path
	field *flow.Path
	// scopedTx is the transaction parameter of a callback holding one.
	scopedTx *types.Var
}

// callbackHandle returns the handle parameter of a callback: its last
// parameter that is not a context, nil when unnamed.
func callbackHandle(info *types.Info, lit *ast.FuncLit) *types.Var {
	params := lit.Type.Params.List
	for i := len(params) - 1; i >= 0; i-- {
		if sqlapi.IsContext(info.TypeOf(params[i].Type)) {
			continue
		}
		if n := params[i].Names; len(n) > 0 && n[len(n)-1].Name != "_" {
			v, _ := info.Defs[n[len(n)-1]].(*types.Var)
			return v
		}
		return nil
	}
	return nil
}

// finding is a second acquisition from a held handle's pool.
type finding struct {
	call *ast.CallExpr
	acq  acquisition
	held held
	wait *ast.CallExpr // the Wait for the goroutine the call is in, or nil
	// n is how many connections of the pool the function holds at the
	// call (at least one).
	n int
}

func run(pass *analysis.Pass, o *options) (any, error) {
	pkg := scope.Of(pass)
	if !pkg.Reaches {
		return nil, nil
	}
	c := &checker{opts: o, pass: pass, fl: pkg.Flow(), res: pkg.Resolver(), busy: make(map[*flow.Func]bool), pkgCalls: pkg.Calls()}
	lc := lifecycle.Of(pass)
	byFunc := make(map[*flow.Func][]held)
	for _, h := range lc.Handles {
		if h.Live == nil || h.Func == nil {
			continue
		}
		if p, ok := c.producerPool(h); ok {
			byFunc[h.Func] = append(byFunc[h.Func], held{h: h, pool: p})
		}
	}
	var findings []finding
	for f, hs := range byFunc {
		acqs := c.acquisitions(f)
		spawns, waits := c.goroutines(f)
		reported := make(map[*ast.CallExpr]bool)
		for _, hd := range hs {
			for n := range hd.h.Live {
				for _, a := range acqs[n] {
					if a.call == hd.h.Call || reported[a.call] || a.acq.pool != hd.pool {
						continue
					}
					reported[a.call] = true
					findings = append(findings, finding{a.call, a.acq, hd, nil, heldAt(hs, n, a.acq.pool)})
				}
			}
			for _, a := range waitedIn(hd, spawns, waits) {
				if !reported[a.call] {
					reported[a.call] = true
					findings = append(findings, finding{a.call, a.acq, hd, a.wait, 1})
				}
			}
		}
	}
	findings = append(findings, c.scoped()...)
	findings = append(findings, c.holders()...)
	slices.SortStableFunc(findings, func(x, y finding) int { return int(x.call.Pos() - y.call.Pos()) })
	// One finding per mistake: the calls that take a second connection
	// while the same handle holds one are one finding, at the first, with
	// the others as related information.
	type mistake struct {
		h    *lifecycle.Handle
		tx   *types.Var // a callback's transaction (RunInTx, Transaction)
		pool flow.Path
	}
	first := make(map[mistake]int) // index in out
	var out []finding
	var more [][]finding
	for i, f := range findings {
		if i > 0 && findings[i-1].call == f.call {
			continue // one finding per call
		}
		if c.quietInTests(f) || c.quietOnce(f) || c.quietUnlimited(f) {
			continue
		}
		if f.held.h != nil || f.held.scopedTx != nil {
			k := mistake{f.held.h, f.held.scopedTx, f.acq.pool}
			if j, ok := first[k]; ok {
				more[j] = append(more[j], f)
				continue
			}
			first[k] = len(out)
		}
		out = append(out, f)
		more = append(more, nil)
	}
	for i, f := range out {
		c.report(f, more[i])
	}
	return nil, nil
}

// heldAt counts the handles of pool p that hold a connection at node n.
func heldAt(hs []held, n ast.Node, p flow.Path) int {
	k := 0
	for _, hd := range hs {
		if hd.pool == p && hd.h.Live[n] {
			k++
		}
	}
	return max(k, 1)
}

// quietInTests reports whether the finding is in test code, -tests is off,
// and the call cannot hang the test run: the package does not cap the pool
// at the connections the function holds (testrun).
func (c *checker) quietInTests(f finding) bool {
	if c.opts.tests {
		return false
	}
	runs := testrun.Of(c.pass)
	return runs.ForTests(f.call.Pos()) && !runs.Waits(f.held.pool, f.n)
}

// quietOnce reports whether the finding is in code that runs once per
// process (reqscope's OneShot) and -strict is off: one caller at a time
// cannot exhaust a pool of two or more, and a pool of one hangs on the first
// start, where it shows at once. The same holds for code that only one
// goroutine, started once, runs (OneShot's Serial: a background cleaner),
// unless the package caps the pool at the connections the function holds
// (SetMaxOpenConns(1)): that hangs on the goroutine's first round, which
// may come hours after the start.
func (c *checker) quietOnce(f finding) bool {
	if c.opts.strict {
		return false
	}
	cur, ok := scope.Of(c.pass).Inspector().Root().FindNode(f.call)
	if !ok {
		return false
	}
	once := reqscope.OneShotOf(c.pass)
	if once.At(cur) {
		return true
	}
	return once.Serial(cur) && !testrun.Of(c.pass).Waits(f.held.pool, f.n)
}

// limits records where pools are limited: a SetMaxOpenConns call in the
// module's non-test files (modscan), in the package's non-test files, in
// its test files.
type limits struct {
	module, pkg, tests bool
}

// quietUnlimited reports whether the finding is on a pool that has no
// limit and -strict is off: a database/sql pool (sqlx's, gorm's, bun's,
// ent's are one underneath) has none until SetMaxOpenConns gives one, and
// with none a second connection is always there. A pool is taken as
// limited when the module calls SetMaxOpenConns in a non-test file (with
// any argument, a configuration value included), or the package does (a
// test file counting for test code); pgxpool's pools always are.
func (c *checker) quietUnlimited(f finding) bool {
	if c.opts.strict || c.bounded(f.held.pool) {
		return false
	}
	l := c.limited()
	return !l.module && !l.pkg && !(l.tests && c.fl.ForTests(f.call.Pos()))
}

// bounded reports whether the pool at p always has a limit (pgxpool).
func (c *checker) bounded(p flow.Path) bool {
	t := pathType(p)
	cl := typeParamPool(t)
	if cl == nil {
		cl = sqlapi.ClassOf(t)
	}
	return cl != nil && cl.Bounded
}

// limited returns, once per package, where pools are limited.
func (c *checker) limited() *limits {
	if c.limits != nil {
		return c.limits
	}
	l := new(limits)
	c.limits = l
	if m := dbdriver.Of(c.pass).Module; m != nil {
		l.module = m.LimitsPools
	}
	for _, pc := range c.pkgCalls {
		if !pc.Resolved || pc.Call.Name() != "SetMaxOpenConns" || pc.Call.Recv == nil {
			continue
		}
		if cl := sqlapi.ClassOf(c.pass.TypesInfo.TypeOf(pc.Call.Recv)); cl == nil || cl.Kind != sqlapi.DB {
			continue
		}
		if tf := c.pass.Fset.File(pc.Expr.Pos()); tf != nil && strings.HasSuffix(tf.Name(), "_test.go") {
			l.tests = true
		} else {
			l.pkg = true
		}
	}
	return l
}

// producerPool returns the pool a transaction, connection, rows or batch
// was taken from: the receiver of the call that produced it.
func (c *checker) producerPool(h *lifecycle.Handle) (flow.Path, bool) {
	switch h.Kind {
	case sqlapi.Tx, sqlapi.Conn, sqlapi.Rows, sqlapi.Batch:
	default:
		return flow.Path{}, false
	}
	rc, ok := c.res.Resolve(h.Call)
	if !ok || rc.Recv == nil || !isPool(c.pass.TypesInfo, rc.Recv) {
		return flow.Path{}, false
	}
	p, ok := c.valuePath(rc.Recv, "")
	if !ok {
		return p, false
	}
	p = c.canon(p)
	return p, !c.maybeTx(p)
}

// located is an acquisition at a call.
type located struct {
	call *ast.CallExpr
	acq  acquisition
}

// acquisitions returns the calls of f that take a connection from a pool,
// by the graph node they are in.
func (c *checker) acquisitions(f *flow.Func) map[ast.Node][]located {
	out := make(map[ast.Node][]located)
	var walk func(inspector.Cursor)
	walk = func(cur inspector.Cursor) {
		for n := range cur.Children() {
			if _, ok := n.Node().(*ast.FuncLit); ok {
				continue // a function of its own
			}
			if _, ok := f.At(n.Node()); !ok {
				walk(n)
				continue
			}
			node := n.Node()
			c.calls(n, func(call *ast.CallExpr) bool {
				if a, ok := c.acquires(call, nil); ok {
					out[node] = append(out[node], located{call, a})
				}
				return true
			})
		}
	}
	walk(f.Cursor)
	return out
}

// scoped returns the acquisitions inside the callback of a function that
// holds a handle of a pool for the callback's time (pgx.BeginFunc,
// pgxpool's AcquireFunc), from that pool.
func (c *checker) scoped() []finding {
	var out []finding
	info := c.pass.TypesInfo
	for _, pc := range c.pkgCalls {
		cur, rc := pc.Cur, pc.Call
		if !pc.Resolved {
			continue
		}
		row, ok := sqlapi.ScopedOf(rc)
		if !ok || row.Callback >= len(rc.Args) {
			continue
		}
		poolExpr := rc.Recv
		if row.Pool >= 0 && row.Pool < len(rc.Args) {
			poolExpr = rc.Args[row.Pool]
		}
		if poolExpr == nil || !isPool(info, poolExpr) {
			continue
		}
		p, ok := c.valuePath(poolExpr, "")
		p = c.canon(p)
		lit, isLit := ast.Unparen(rc.Args[row.Callback]).(*ast.FuncLit)
		if !ok || !isLit {
			continue
		}
		if c.maybeTx(p) || c.txParam(p) {
			// gorm's tx.Transaction(func(db *gorm.DB) error {...}) on a
			// transaction nests a savepoint on its connection: a call on
			// tx inside takes no second one.
			continue
		}
		litCur, ok := cur.FindNode(lit)
		if !ok {
			continue
		}
		hd := held{pool: p}
		if row.Kind == sqlapi.Tx {
			hd.scopedTx = callbackHandle(info, lit)
		}
		c.calls(litCur, func(call *ast.CallExpr) bool {
			if a, ok := c.acquires(call, nil); ok && a.pool == p {
				out = append(out, finding{call: call, acq: a, held: hd, n: 1})
			}
			return true
		})
	}
	return out
}

func (c *checker) report(f finding, more []finding) {
	pass := c.pass
	rc, _ := c.res.Resolve(f.call)
	name := sqlapi.ChainName(rc.Fun())
	if len(name) > 36 {
		name = rc.Name()
	}
	pool := f.held.pool.String()
	d := analysis.Diagnostic{Pos: f.call.Pos(), End: f.call.End(), Category: CategoryDeadlock}
	if fp := f.held.field; fp != nil {
		v := fp.String()
		remedy := "run it on " + v
		if t := pathType(*fp); f.acq.inner != nil || t == nil || !sqlapi.HasMethod(t, c.pass.Pkg, rc.Name()) {
			remedy = "use " + v + " instead"
		}
		d.Message = fmt.Sprintf("%s takes a second connection while %s holds one: N such calls deadlock a pool of N; %s", name, v, remedy)
	} else if v := f.held.scopedTx; f.held.h == nil && v != nil {
		d.Message = fmt.Sprintf("%s runs on the pool outside the callback's %s: it escapes the transaction, and N such calls deadlock a pool of N; use %s",
			name, v.Name(), v.Name())
	} else if f.held.h == nil {
		d.Message = fmt.Sprintf("%s takes a second connection from %s in a callback holding one: N such calls deadlock a pool of N; use the callback's handle",
			name, pool)
	} else {
		h := f.held.h
		v := "a handle"
		if h.Var != nil {
			v = h.Var.Name()
		}
		remedy := "run it on " + v
		switch h.Kind {
		case sqlapi.Rows:
			remedy = "buffer " + v + " and close it first"
		case sqlapi.Tx, sqlapi.Conn:
			if f.acq.inner != nil {
				remedy = "pass " + v + " to it instead"
			} else if h.Var != nil && !sqlapi.HasMethod(h.Var.Type(), c.pass.Pkg, rc.Name()) {
				remedy = "end " + v + " first"
			}
		case sqlapi.Batch:
			remedy = "close " + v + " first"
		}
		from := " from " + pool
		if recv := rc.Recv; recv != nil && types.ExprString(recv) == pool {
			from = "" // the call names its pool
		}
		d.Message = fmt.Sprintf("%s takes a second connection%s while %s holds one: N such calls deadlock a pool of N; %s",
			name, from, v, remedy)
		if h.Kind == sqlapi.Tx && f.acq.inner == nil && sqlapi.RunsOnBinding(rc) {
			// A statement or a sqlc Queries bound to the pool: it also runs
			// outside the transaction.
			remedy = "build it on " + v // a query builder
			if k := rc.MethodClass(); k != nil && k.Kind == sqlapi.Stmt {
				remedy = "bind it to " + v + " with " + v + ".Stmt"
			}
			if sqlapi.QueriesMethod(rc) {
				remedy = "use WithTx(" + v + ")"
				if c.queriesItself(rc) {
					remedy = "use " + types.ExprString(rc.Recv) + ".WithTx(" + v + ")"
				}
			}
			d.Message = fmt.Sprintf("%s runs on the pool outside %s: it escapes the transaction, and N such calls deadlock a pool of N; %s",
				name, v, remedy)
		}
		d.Related = []analysis.RelatedInformation{{Pos: h.Call.Pos(), End: h.Call.End(), Message: "the first connection is taken here"}}
		if f.wait != nil {
			d.Related = append(d.Related, analysis.RelatedInformation{Pos: f.wait.Pos(), End: f.wait.End(), Message: "the function waits for the goroutine here"})
		}
		// No fix: running the call on tx moves it into the transaction (it
		// commits or rolls back with it, and sees its uncommitted writes),
		// on conn into the connection's session; a fix must not change what
		// a program does, and only its author knows whether that is wanted.
	}
	if f.acq.inner != nil {
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: f.acq.inner.Pos(), End: f.acq.inner.End(), Message: "the second is taken here"})
	}
	for _, m := range more {
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: m.call.Pos(), End: m.call.End(), Message: "another call takes a second connection here"})
	}
	pass.Report(d)
}

// queriesItself reports whether the call's receiver expression is the sqlc
// Queries the method is declared on (not a struct embedding it).
func (c *checker) queriesItself(rc sqlapi.Call) bool {
	recv := rc.Func.Signature().Recv()
	return rc.Recv != nil && rc.Via == sqlapi.Direct && recv != nil &&
		types.Identical(c.pass.TypesInfo.TypeOf(rc.Recv), recv.Type())
}
