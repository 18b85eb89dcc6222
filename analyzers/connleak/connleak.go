package connleak

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/dbpoollint/dbpoollint/internal/analyzerdoc"
	"github.com/dbpoollint/dbpoollint/internal/ctxsource"
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

// Diagnostic categories.
const (
	// CategoryTx: a transaction neither committed nor rolled back on some path.
	CategoryTx = "tx-not-ended"
	// CategoryConn: a connection not closed on some path.
	CategoryConn = "conn-not-closed"
	// CategoryStmt: a prepared statement not closed on some path.
	CategoryStmt = "stmt-not-closed"
	// CategoryBatch: a batch's results (pgx.BatchResults) not closed on
	// some path.
	CategoryBatch = "batch-not-closed"
	// CategoryPoolReassigned: a pool variable assigned another pool while
	// the first is open.
	CategoryPoolReassigned = "pool-reassigned"
)

// Analyzer is connleak with its default settings.
var Analyzer = New()

// New returns a fresh connleak analyzer with its own flags.
func New() *analysis.Analyzer {
	c := new(checker)
	a := &analysis.Analyzer{
		Name:     "connleak",
		Doc:      analyzerdoc.Extract(doc, "connleak"),
		URL:      analyzerdoc.PageURL("connleak"),
		Requires: []*analysis.Analyzer{scope.Analyzer},
		Run:      ignore.Wrap(c.run),
	}
	a.Flags.BoolVar(&c.tests, "tests", false,
		"report in test code as elsewhere, not only handles leaked in a loop or from a pool the test caps below the handles it holds")
	a.Flags.BoolVar(&c.strict, "strict", false,
		"also report, in code that runs once per process (main, init, migrations, CLI commands), handles left open only on error returns, and a pool replaced there")
	return a
}

type checker struct {
	tests  bool
	strict bool
}

// quietOnce reports whether h is left open only on error returns of code
// that runs once per process (main, init, migrations, CLI commands and what
// only they reach) and -strict is off: the error ends the command or the
// startup, and the process with it, before the handle can pin anything
// that matters.
func (c *checker) quietOnce(once *reqscope.OneShot, h *lifecycle.Handle) bool {
	return !c.strict && h.DeferInLoop == nil && lifecycle.OnlyOnErrors(h.Leaks) && once.At(h.Cursor)
}

// quietInTests reports whether h is in test code, -tests is off, and its
// leak can neither fail nor hang the test run (testrun).
func (c *checker) quietInTests(pass *analysis.Pass, h *lifecycle.Handle) bool {
	if c.tests {
		return false
	}
	runs := testrun.Of(pass)
	return runs.ForTests(h.Call.Pos()) && !runs.Leak(h)
}

// kindText is what the messages say of each kind of handle.
type kindText struct {
	category string
	noun     string // "transaction"
	notDone  string // "is left open"
	never    string // "never ended"
	result   string // the consequence
}

var texts = map[sqlapi.Handle]kindText{
	sqlapi.Tx: {
		category: CategoryTx, noun: "transaction", notDone: "is left open", never: "never ended",
		result: "holding its connection and locks",
	},
	sqlapi.Conn: {
		category: CategoryConn, noun: "connection", notDone: "is not %s", never: "never %s",
		result: "so it never returns to the pool",
	},
	sqlapi.Stmt: {
		category: CategoryStmt, noun: "statement", notDone: "is not closed", never: "never closed",
		result: "leaving it prepared on the server",
	},
	sqlapi.Batch: {
		category: CategoryBatch, noun: "batch", notDone: "is not closed", never: "never closed",
		result: `keeping its connection busy ("conn busy")`,
	},
}

// released says how a handle of the class is released: "closed",
// "released".
func released(c *sqlapi.Class) string {
	if c.Defer == "Release" {
		return "released"
	}
	return "closed"
}

// sqliteTxResult is the consequence of a transaction left open on a pool
// that can only be SQLite's: one writer at a time holds the database's
// write lock, and the others wait up to their busy timeout, then fail.
const sqliteTxResult = "holding SQLite's write lock once it writes: other writers stall, then get database is locked"

// txIdleResult is the consequence of a transaction left open before any
// statement ran on it: it holds no lock yet, only its connection.
const txIdleResult = "holding its connection"

// maxMessage is the longest a message may be; a SQLite transaction whose
// message would be longer says what any transaction holds instead.
const maxMessage = 160

func (c *checker) run(pass *analysis.Pass) (any, error) {
	pkg := scope.Of(pass)
	if !pkg.Reaches {
		return nil, nil
	}
	line := func(p token.Pos) int { return pass.Fset.Position(p).Line }
	once := reqscope.OneShotOf(pass)
	c.reportReassignedPools(pass, once)
	for _, h := range lifecycle.Of(pass).Kinds(sqlapi.Tx, sqlapi.Conn, sqlapi.Stmt, sqlapi.Batch) {
		if c.quietInTests(pass, h) || h.Fate == lifecycle.Tracked && c.quietOnce(once, h) {
			continue
		}
		t := texts[h.Kind]
		if h.Class.Standalone {
			t.result = "leaving it open on the database server"
		}
		if h.Kind == sqlapi.Tx && (h.Fate == lifecycle.Discarded || len(h.Leaks) > 0) &&
			!sqlapi.NativePostgres(h.Class) && dbdriver.Of(pass).OnlySQLite() {
			t.result = sqliteTxResult
		}
		notDone, never := t.notDone, t.never
		if h.Kind == sqlapi.Conn {
			notDone, never = fmt.Sprintf(notDone, released(h.Class)), fmt.Sprintf(never, released(h.Class))
		}
		until := ""
		if h.Kind == sqlapi.Tx {
			until = endsWithContext(pass, h)
		}
		switch h.Fate {
		case lifecycle.Discarded:
			if h.Kind == sqlapi.Tx && t.result == texts[sqlapi.Tx].result {
				t.result = txIdleResult // nothing can run on it
			}
			if until != "" {
				never = "left open until " + until + " ends"
			}
			pass.Report(analysis.Diagnostic{
				Pos: h.Call.Pos(), End: h.Call.End(), Category: t.category,
				Message: fmt.Sprintf("this %s is discarded and %s, %s; keep it and end it", t.noun, never, t.result),
			})
			continue
		case lifecycle.Tracked:
		default:
			continue
		}
		if h.Same != nil {
			continue // one mistake with an earlier producer of the variable, reported there
		}
		if h.Kind == sqlapi.Stmt && (len(h.Leaks) > 0 || h.DeferInLoop != nil) && closedWithOwnPool(pass, h) {
			continue // closing the pool closes the statement
		}
		v := h.Var.Name()
		if len(h.Leaks) > 0 {
			fix := lifecycle.ReleaseFix(pass.Fset, pass.TypesInfo, h)
			verb := strings.ToLower(h.Class.Defer)
			if h.Kind == sqlapi.Tx {
				verb = "commit or roll back"
			}
			remedy := fmt.Sprintf("%s %s on every path", verb, v)
			if len(h.Releasers) > 0 {
				// tx, commit, rollback, err := s.begin(ctx): its own functions.
				var names []string
				for _, r := range h.Releasers {
					names = append(names, r.Name())
				}
				remedy = fmt.Sprintf("call %s on every path", strings.Join(names, " or "))
			}
			if x := h.Leaks[0]; x.In != nil {
				remedy = verb + " them on every path"
				if h.Kind == sqlapi.Tx {
					remedy = "commit or roll them back on every path"
				}
			} else if x.Kind == lifecycle.Iteration || x.Kind == lifecycle.Continue {
				remedy = fmt.Sprintf("%s %s in each iteration", verb, v)
			} else if fix == nil && h.UsedLater() {
				remedy = fmt.Sprintf("%s %s once the code using it later is done", verb, v)
			} else if release, _, ok := h.Release(pass.TypesInfo); ok && fix != nil {
				remedy = release
				if strings.HasPrefix(release, "defer func()") {
					_, call, _ := h.Release(pass.TypesInfo)
					remedy = "defer " + call
				}
			}
			x := h.Leaks[0]
			where := h.Where(pass.Fset, x)
			if until != "" && (x.Kind == lifecycle.Return || x.Kind == lifecycle.End) {
				where += " until " + until + " ends"
			}
			result := t.result
			if h.Kind == sqlapi.Tx && result == texts[sqlapi.Tx].result && idleUntil(pass, h, x) {
				result = txIdleResult
			}
			// The longest that fits: the context the transaction ends
			// with gives way first, then SQLite's consequence.
			msg := func(where, result string) string {
				return fmt.Sprintf("%s %s %s, %s; %s", h.Subject(x), notDone, where, result, remedy)
			}
			message := msg(where, result)
			for _, m := range []string{msg(h.Where(pass.Fset, x), result), msg(where, texts[h.Kind].result), msg(h.Where(pass.Fset, x), texts[h.Kind].result)} {
				if len(message) <= maxMessage {
					break
				}
				message = m
			}
			d := analysis.Diagnostic{
				Pos: h.Call.Pos(), End: h.Call.End(), Category: t.category,
				Message: message,
				Related: h.Exits(pass.Fset, v),
			}
			if fix != nil {
				d.SuggestedFixes = []analysis.SuggestedFix{*fix}
			}
			pass.Report(d)
		}
		if h.DeferInLoop != nil {
			pass.Report(analysis.Diagnostic{
				Pos: h.DeferInLoop.Pos(), End: h.DeferInLoop.End(), Category: t.category,
				Message: fmt.Sprintf("%s.%s deferred in the loop at line %d runs only at return: each iteration keeps a %s open; end it in the iteration",
					v, h.Class.Defer, line(h.Loop.Pos()), t.noun),
			})
		}
	}
	return nil, nil
}

// reportReassignedPools reports a pool whose variable is assigned another
// pool while the first is still open: nothing can close the first, and its
// connections stay open for the life of the process. A pool that simply
// lives until the process ends is not reported, nor, unless -strict, a
// pool replaced in code that runs once per process (a startup that opens a
// second pool when the first one's Ping fails): one pool leaks, once.
func (c *checker) reportReassignedPools(pass *analysis.Pass, once *reqscope.OneShot) {
	for _, h := range lifecycle.Of(pass).Kinds(sqlapi.DB) {
		if h.Fate != lifecycle.Tracked || h.Var == nil || c.quietInTests(pass, h) {
			continue
		}
		if !c.strict && once.At(h.Cursor) {
			continue // once per process: one pool's goroutine, not a growing leak (-strict)
		}
		for _, x := range h.Leaks {
			if x.Kind != lifecycle.Reassign {
				continue
			}
			v := h.Var.Name()
			pass.Report(analysis.Diagnostic{
				Pos: x.Pos, End: x.End, Category: CategoryPoolReassigned,
				Message: fmt.Sprintf("%s is assigned a new pool while the one from line %d is open: nothing can close the first, its connections and goroutine leak; close %s first",
					v, pass.Fset.Position(h.Call.Pos()).Line, v),
				Related: []analysis.RelatedInformation{{Pos: h.Call.Pos(), End: h.Call.End(), Message: "the first pool is opened here"}},
			})
			break
		}
	}
}

// closedWithOwnPool reports whether the statement h is prepared on a pool
// that its function opened (a tracked pool handle bound to a local
// variable, whose every definition reaching the Prepare is that opener's)
// and closes on every path without handing it over: closing a pool closes
// the statements prepared on it, so the statement ends with the function.
func closedWithOwnPool(pass *analysis.Pass, h *lifecycle.Handle) bool {
	pkg := scope.Of(pass)
	c, ok := pkg.Resolver().Resolve(h.Call)
	if !ok || c.Recv == nil || h.Func == nil {
		return false
	}
	v := pkg.Flow().LocalVar(c.Recv)
	if v == nil {
		return false
	}
	// A pool the function opened into v, first: the walk for the reaching
	// definitions costs the function's size, and most statements are
	// prepared on a pool the function was given.
	var pools []*lifecycle.Handle
	for _, p := range lifecycle.Of(pass).Kinds(sqlapi.DB) {
		if p.Func == h.Func && p.Var == v {
			pools = append(pools, p)
		}
	}
	if len(pools) == 0 {
		return false
	}
	defs, entry, ok := h.Func.Reaching(v, h.Call.Pos())
	if !ok || entry || len(defs) == 0 {
		return false
	}
	for _, d := range defs {
		if !d.Known || !slices.ContainsFunc(pools, func(p *lifecycle.Handle) bool {
			return p.Func == h.Func && p.Var == v && p.Fate == lifecycle.Tracked &&
				len(p.Leaks) == 0 && p.DeferInLoop == nil && !p.Escapes &&
				d.Node.Pos() <= p.Call.Pos() && p.Call.End() <= d.Node.End()
		}) {
			return false
		}
	}
	return true
}

// endsWithContext returns how messages name the context a transaction h was
// begun with ("ctx", "s.ctx", "its context"), when database/sql (or a
// library that watches it the same way, the class's Cancel) rolls the
// transaction back as that context ends: the transaction is then left open
// until it ends, not for good. "" when there is no such context:
// context.Background, TODO or WithoutCancel, a local variable holding one
// of them, pgx's transactions (not rolled back on cancellation).
func endsWithContext(pass *analysis.Pass, h *lifecycle.Handle) string {
	if h.Class == nil || !h.Class.Cancel || h.Func == nil {
		return ""
	}
	for _, a := range h.Call.Args {
		if !sqlapi.IsContext(pass.TypesInfo.TypeOf(a)) {
			continue
		}
		if neverEnds(pass, a) {
			return ""
		}
		if v := scope.Of(pass).Flow().LocalVar(a); v != nil && h.Func.InBody(v) {
			for _, d := range h.Func.Defs(v) {
				if d.Known && neverEnds(pass, d.Assign.Value()) {
					return ""
				}
			}
		}
		if name := types.ExprString(a); isPath(a) && len(name) <= 20 {
			return name
		}
		return "its context"
	}
	return ""
}

// neverEnds reports whether e is a context that never ends:
// context.Background(), TODO() or WithoutCancel(...).
func neverEnds(pass *analysis.Pass, e ast.Expr) bool {
	if e == nil {
		return false
	}
	if ctxsource.IsBackground(pass.TypesInfo, e) {
		return true
	}
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	fn, ok := typeutil.Callee(pass.TypesInfo, call).(*types.Func)
	return ok && fn.Pkg() != nil && fn.Pkg().Path() == "context" && fn.Name() == "WithoutCancel"
}

// isPath reports whether e is a variable or a field path (ctx, s.ctx).
func isPath(e ast.Expr) bool {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			return true
		case *ast.SelectorExpr:
			e = x.X
		default:
			return false
		}
	}
}

// idleUntil reports whether no statement can have run on the transaction
// h before its leaking exit x: its variable appears nowhere before the end
// of x (but as an assignment's target) nor in a loop around x, so nothing
// took it, ran on it or copied it. Such a transaction holds its connection
// but no lock yet.
func idleUntil(pass *analysis.Pass, h *lifecycle.Handle, x lifecycle.Exit) bool {
	if h.Var == nil || h.Func == nil || !x.End.IsValid() {
		return false
	}
	var loops []ast.Node
	flow.Inspect(h.Func.Body, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			if n.Pos() <= x.Pos && x.End <= n.End() {
				loops = append(loops, n)
			}
		}
		return true
	})
	for _, u := range h.Func.Uses(h.Var) {
		if u.ParentEdgeKind() == edge.AssignStmt_Lhs || u.ParentEdgeKind() == edge.ValueSpec_Names {
			continue // the producer's target, or another value written to the variable
		}
		p := u.Node().Pos()
		if p < x.End {
			return false
		}
		for _, l := range loops {
			if l.Pos() <= p && p < l.End() {
				return false // the next iteration runs it before x
			}
		}
	}
	return true
}
