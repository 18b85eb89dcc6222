package rowsclose

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/dbpoollint/dbpoollint/internal/analyzerdoc"
	"github.com/dbpoollint/dbpoollint/internal/ctxfix"
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
	// CategoryNotClosed: rows not closed on some path.
	CategoryNotClosed = "rows-not-closed"
	// CategoryDrainedOnly: rows released only by reading them to the end.
	CategoryDrainedOnly = "rows-drained-only"
	// CategoryDiscarded: the result of Query or QueryContext is discarded.
	CategoryDiscarded = "query-result-discarded"
	// CategoryRowNotScanned: a *sql.Row that is never scanned on some path.
	CategoryRowNotScanned = "row-not-scanned"
	// CategoryDeferInLoop: defer rows.Close() in a loop whose iterations do
	// not read the rows to the end.
	CategoryDeferInLoop = "rows-defer-in-loop"
	// CategoryErrUnchecked: rows read with Next whose Err is never checked,
	// in the shapes sqlrowserr does not look for.
	CategoryErrUnchecked = "rows-err-unchecked"
	// CategoryBusy: a statement run on a transaction or connection while
	// rows it produced are still open.
	CategoryBusy = "rows-busy-connection"
)

// Analyzer is rowsclose with its default settings.
var Analyzer = New()

// New returns a fresh rowsclose analyzer with its own flags.
func New() *analysis.Analyzer {
	c := new(checker)
	a := &analysis.Analyzer{
		Name:     "rowsclose",
		Doc:      analyzerdoc.Extract(doc, "rowsclose"),
		URL:      analyzerdoc.PageURL("rowsclose"),
		Requires: []*analysis.Analyzer{scope.Analyzer},
		Run:      ignore.Wrap(c.run),
	}
	a.Flags.BoolVar(&c.trustDrain, "trust-drain", false,
		"do not report rows that are released only by reading them to the end (Next returning false) without Close")
	a.Flags.BoolVar(&c.tests, "tests", false,
		"report in test code as elsewhere, not only rows leaked in a loop or from a pool the test caps below the rows it holds")
	a.Flags.BoolVar(&c.strict, "strict", false,
		"also report, in code that runs once per process (main, init, migrations, CLI commands), rows left open only on error returns or panics and an unchecked rows.Err; rows.Err that a PostgreSQL transaction's Commit surfaces; rows.Err after the only row of a one-row read; and rows of a SQLite transaction discarded")
	return a
}

type checker struct {
	trustDrain bool
	tests      bool
	strict     bool
}

func (c *checker) run(pass *analysis.Pass) (any, error) {
	pkg := scope.Of(pass)
	if !pkg.Reaches {
		return nil, nil
	}
	res := pkg.Resolver()
	seen := make(map[ast.Node]bool) // helpers' Next loops reported
	once := reqscope.OneShotOf(pass)
	for _, h := range lifecycle.Of(pass).Kinds(sqlapi.Rows, sqlapi.Row, sqlapi.Batch) {
		if c.quietInTests(pass, h) || c.quietOnce(once, h) {
			// Test code: only what can fail or hang the run; code that runs
			// once: only what a successful run leaves behind. A statement on
			// a busy connection fails in both.
			reportBusy(pass, res, h)
			continue
		}
		switch h.Kind {
		case sqlapi.Row:
			c.reportRow(pass, res, h)
		case sqlapi.Rows:
			c.reportRows(pass, res, h)
			reportErr(pass, res, h, seen, c.tests, c.strict)
			reportErrHidden(pass, h, c.tests)
		}
		reportBusy(pass, res, h)
	}
	return nil, nil
}

// quietOnce reports whether h is in code that runs once per process (main,
// init, migrations, CLI commands and what only they reach), -strict is off,
// and its rows are left open only where that run fails: on error returns,
// or until they are read to the end (an early return or a panic ends the
// command, the migration or the startup, and the process with it). Their
// Err unchecked there mislabels a one-off read. Rows left open on a path
// that succeeds, or in a loop, are still reported.
func (c *checker) quietOnce(once *reqscope.OneShot, h *lifecycle.Handle) bool {
	if c.strict || h.Kind != sqlapi.Rows || h.Fate != lifecycle.Tracked || h.DeferInLoop != nil {
		return false
	}
	if len(h.Leaks) > 0 && !lifecycle.OnlyOnErrors(h.Leaks) {
		return false
	}
	return once.At(h.Cursor)
}

// quietInTests reports whether h is in test code, -tests is off, and its
// leak (if any) can neither fail nor hang the test run (testrun).
func (c *checker) quietInTests(pass *analysis.Pass, h *lifecycle.Handle) bool {
	if c.tests {
		return false
	}
	runs := testrun.Of(pass)
	return runs.ForTests(h.Call.Pos()) && !runs.Leak(h)
}

func (c *checker) reportRows(pass *analysis.Pass, res *sqlapi.Resolver, h *lifecycle.Handle) {
	line := func(p token.Pos) int { return pass.Fset.Position(p).Line }
	held := "holding a pooled connection"
	if h.OnTx {
		held = "keeping the transaction busy"
	} else if rc, ok := res.Resolve(h.Call); ok && rc.Recv != nil && sqlapi.HandleOf(pass.TypesInfo.TypeOf(rc.Recv)) == sqlapi.Conn {
		held = "keeping the connection busy"
	}
	switch h.Fate {
	case lifecycle.Discarded:
		if !c.strict && c.closedAtTxEndOnSQLite(pass, h) {
			return
		}
		exec, fix := c.execTwin(pass, res, h)
		remedy := "close them"
		if exec != "" {
			remedy = "use " + exec
		}
		pass.Report(analysis.Diagnostic{
			Pos: h.Call.Pos(), End: h.Call.End(), Category: CategoryDiscarded,
			Message:        fmt.Sprintf("these rows are discarded and never closed, %s; %s", held, remedy),
			SuggestedFixes: fix,
		})
		return
	case lifecycle.Tracked:
	default:
		return
	}
	if h.Same != nil {
		return // one mistake with an earlier producer of the variable, reported there
	}
	v := h.Var.Name()
	if len(h.Leaks) > 0 && !c.closedByOwner(pass, res, h) {
		x := h.Leaks[0]
		d := analysis.Diagnostic{
			Pos: h.Call.Pos(), End: h.Call.End(), Category: CategoryNotClosed,
			Message: fmt.Sprintf("%s are not closed %s, %s; %s",
				h.Subject(x), h.Where(pass.Fset, x), held, remedy(pass, h, x)),
			Related:        h.Exits(pass.Fset, v),
			SuggestedFixes: fixes(lifecycle.ReleaseFix(pass.Fset, pass.TypesInfo, h)),
		}
		pass.Report(d)
	}
	// pgx documents reading to the end (or a failed Scan) as closing its
	// rows: its idiom, not a finding.
	// Rows of a transaction another function ends: an early return or a
	// panic leaves them to the owner's Commit or Rollback, which closes
	// them (the rule for their leaks on error returns, closedByOwner).
	if len(h.Leaks) == 0 && len(h.Drains) > 0 && !c.trustDrain && (h.Class == nil || !h.Class.ScanErrReleases) && !nextOutOfSight(pass, h) && !c.closedByOwner(pass, res, h) {
		dr := h.Drains[0]
		when := fmt.Sprintf("Next at line %d returns false", line(dr.Pos))
		if dr.Callee != "" {
			when = fmt.Sprintf("%s at line %d reads them all", dr.Callee, line(dr.Pos))
		}
		fix := lifecycle.ReleaseFix(pass.Fset, pass.TypesInfo, h)
		pass.Report(analysis.Diagnostic{
			Pos: h.Call.Pos(), End: h.Call.End(), Category: CategoryDrainedOnly,
			Message: fmt.Sprintf("%s close only when %s; an early return or panic leaks them: %s",
				v, when, remedy(pass, h, lifecycle.Exit{Kind: lifecycle.Return})),
			SuggestedFixes: fixes(fix),
		})
	}
	if h.DeferInLoop != nil {
		pass.Report(analysis.Diagnostic{
			Pos: h.DeferInLoop.Pos(), End: h.DeferInLoop.End(), Category: CategoryDeferInLoop,
			Message: fmt.Sprintf("%s.Close deferred in the loop at line %d runs only at return: each iteration holds a connection; close %s in the iteration",
				v, line(h.Loop.Pos()), v),
		})
	}
}

// closedAtTxEndOnSQLite reports whether h are rows of a database/sql
// transaction in a package whose pools can only be SQLite's: SQLite lets
// the transaction run its other statements while they are open, and its
// Commit or Rollback closes them (left to -strict). On the other drivers
// the transaction's next statement fails on the busy connection.
func (c *checker) closedAtTxEndOnSQLite(pass *analysis.Pass, h *lifecycle.Handle) bool {
	return h.OnTx && h.Class != nil && h.Class.TxEnd && !sqlapi.NativePostgres(h.Class) && dbdriver.Of(pass).OnlySQLite()
}

// closedByOwner reports whether rows left open only on returns belong to
// a database/sql transaction (see txOf) whose end closes them on those
// returns: a Rollback or Commit of it deferred before the rows are
// produced (directly, in a deferred literal, or through a same-package
// helper given the transaction), or, on returns of an error, the Rollback
// of the owner of a transaction the function did not begin (a parameter, a
// field), which that error triggers. A statement on the transaction
// meanwhile is still reported (the busy connection). pgx's own rows stay
// open after their transaction ends: not closed this way.
func (c *checker) closedByOwner(pass *analysis.Pass, res *sqlapi.Resolver, h *lifecycle.Handle) bool {
	if h.Class == nil || !h.Class.TxEnd || h.Func == nil {
		return false
	}
	recv, ok := txOf(pass, res, h)
	if !ok {
		return false
	}
	onErrors := true
	for _, x := range h.Leaks {
		if x.Kind != lifecycle.Return {
			return false
		}
		onErrors = onErrors && x.Err
	}
	p, ok := flow.PathOf(pass.TypesInfo, recv)
	if !ok {
		return false
	}
	if p.Fields == "" && endDeferred(pass, res, h, p.Root) {
		return true
	}
	if !onErrors {
		return false
	}
	if p.Fields == "" && begunIn(pass, h.Func, p.Root) {
		return false // begun here: this function ends it
	}
	return true
}

// endDeferred reports whether a Rollback or Commit of the transaction tx
// is deferred in h's function before h's producer, in a block that holds
// it: it runs on every return after the rows are produced.
func endDeferred(pass *analysis.Pass, res *sqlapi.Resolver, h *lifecycle.Handle, tx *types.Var) bool {
	found := false
	ast.Inspect(h.Func.Body, func(n ast.Node) bool {
		if found || n == nil || n.Pos() >= h.Call.Pos() {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
			return within(h.Call, n) // a block the producer is not in: its defers may not run
		case *ast.DeferStmt:
			found = endsTx(pass, res, n.Call, tx, 0)
			return false
		}
		return true
	})
	return found
}

// endsTx reports whether call ends tx unconditionally: tx.Rollback(),
// tx.Commit(), a literal whose body does so in one of its statements, or a
// same-package function given tx whose body does so to its parameter.
func endsTx(pass *analysis.Pass, res *sqlapi.Resolver, call *ast.CallExpr, tx *types.Var, depth int) bool {
	if depth > 2 {
		return false
	}
	if lit, ok := ast.Unparen(call.Fun).(*ast.FuncLit); ok {
		return endsIn(pass, res, lit.Body, tx, depth)
	}
	c, ok := res.Resolve(call)
	if !ok {
		return false
	}
	if c.Recv != nil && (c.Name() == "Rollback" || c.Name() == "Commit") && len(c.Args) <= 1 {
		p, ok := flow.PathOf(pass.TypesInfo, c.Recv)
		return ok && p.Root == tx && p.Fields == ""
	}
	f := scope.Of(pass).Flow().Decl(c.Func)
	if f == nil || c.Recv != nil {
		return false
	}
	params := c.Func.Signature().Params()
	for i, a := range c.Args {
		if p, ok := flow.PathOf(pass.TypesInfo, a); ok && p.Root == tx && p.Fields == "" && i < params.Len() {
			if endsIn(pass, res, f.Body, params.At(i), depth+1) {
				return true
			}
		}
	}
	return false
}

// endsIn reports whether one of the statements of body (not nested in
// another) is, assigns or tests a call that ends tx.
func endsIn(pass *analysis.Pass, res *sqlapi.Resolver, body *ast.BlockStmt, tx *types.Var, depth int) bool {
	for _, s := range body.List {
		var e ast.Expr
		switch s := s.(type) {
		case *ast.ExprStmt:
			e = s.X
		case *ast.AssignStmt:
			if len(s.Rhs) == 1 {
				e = s.Rhs[0]
			}
		case *ast.IfStmt:
			if as, ok := s.Init.(*ast.AssignStmt); ok && len(as.Rhs) == 1 {
				e = as.Rhs[0]
			}
		case *ast.ReturnStmt:
			if len(s.Results) == 1 {
				e = s.Results[0]
			}
		}
		if call, ok := ast.Unparen(e).(*ast.CallExpr); ok && endsTx(pass, res, call, tx, depth) {
			return true
		}
	}
	return false
}

// remedy says what to add: the deferred release the fix adds, or a release
// where the leak is.
func remedy(pass *analysis.Pass, h *lifecycle.Handle, x lifecycle.Exit) string {
	if x.In != nil {
		return "close them on every path"
	}
	if x.Kind == lifecycle.Iteration || x.Kind == lifecycle.Continue {
		return fmt.Sprintf("close %s in each iteration", h.Var.Name())
	}
	if release, _, ok := h.Release(pass.TypesInfo); ok && lifecycle.ReleaseFix(pass.Fset, pass.TypesInfo, h) != nil {
		return release
	}
	if h.UsedLater() {
		return fmt.Sprintf("close %s once the code reading them later is done", h.Var.Name())
	}
	return fmt.Sprintf("close %s on every path", h.Var.Name())
}

func fixes(fix *analysis.SuggestedFix) []analysis.SuggestedFix {
	if fix == nil {
		return nil
	}
	return []analysis.SuggestedFix{*fix}
}

func (c *checker) reportRow(pass *analysis.Pass, res *sqlapi.Resolver, h *lifecycle.Handle) {
	switch h.Fate {
	case lifecycle.Discarded:
		what := "never scanned"
		if h.Chained != "" {
			what = fmt.Sprintf("never scanned (only %s is called)", h.Chained)
		}
		exec, fix := c.execTwin(pass, res, h)
		remedy := "call Scan"
		if exec != "" {
			remedy += " or use " + exec
		}
		pass.Report(analysis.Diagnostic{
			Pos: h.Call.Pos(), End: h.Call.End(), Category: CategoryRowNotScanned,
			Message:        fmt.Sprintf("this row is %s, holding a pooled connection; %s", what, remedy),
			SuggestedFixes: fix,
		})
	case lifecycle.Tracked:
		if len(h.Leaks) == 0 || h.Same != nil {
			return
		}
		v := h.Var.Name()
		pass.Report(analysis.Diagnostic{
			Pos: h.Call.Pos(), End: h.Call.End(), Category: CategoryRowNotScanned,
			Message: fmt.Sprintf("%s is not scanned %s, holding a pooled connection; call %s.Scan on every path",
				v, h.Where(pass.Fset, h.Leaks[0]), v),
			Related: h.Exits(pass.Fset, v),
		})
	}
}

// execTwin names the Exec method to use instead of a discarded query, and
// offers the fix that renames the call when the receiver has it with the
// same parameters and the result is not used (an expression statement, or
// for rows an assignment of both results). Where a context is at hand and
// the query takes none, both go to the Context twin of Exec, with that
// context: the one edit ctxquery would make too, which leaves the call to
// this fix.
func (c *checker) execTwin(pass *analysis.Pass, res *sqlapi.Resolver, h *lifecycle.Handle) (string, []analysis.SuggestedFix) {
	call, ok := res.Resolve(h.Call)
	if !ok || call.Recv == nil || call.Via != sqlapi.Direct {
		return "", nil
	}
	twin, ok := sqlapi.ExecMethod(pass.TypesInfo, call)
	if !ok {
		return "", nil
	}
	recvT := pass.TypesInfo.TypeOf(call.Recv)
	qsig := call.Func.Signature()
	sel, ok := ast.Unparen(h.Call.Fun).(*ast.SelectorExpr)
	if !ok {
		return "", nil
	}
	var ctx string // the context to add, if the Context twin is used
	if _, ok := sqlapi.TwinOf(call); ok {
		obj, _, _ := types.LookupFieldOrMethod(recvT, true, call.Func.Pkg(), twin+"Context")
		if m, ok := obj.(*types.Func); ok && m.Signature().Params().Len() == qsig.Params().Len()+1 {
			csig := m.Signature()
			// Only where the context is certainly safe to add (ctxfix): not
			// into a statement of a transaction begun out of sight or with
			// another context, nor where it would change what else runs.
			if src, ok := c.finder(pass).LiveAtHand(h.Cursor, ctxsource.ForCall); ok && src.AssignableTo(csig.Params().At(0).Type()) && ctxfix.Safe(scope.Of(pass), h.Cursor, call, src) {
				twin, ctx = twin+"Context", src.Expr
			}
		}
	}
	name := types.ExprString(call.Recv) + "." + twin
	if len(name) > 40 {
		name = twin
	}
	if !h.Unused() {
		return name, nil
	}
	edits := []analysis.TextEdit{{Pos: sel.Sel.Pos(), End: sel.Sel.End(), NewText: []byte(twin)}}
	if ctx != "" {
		if len(h.Call.Args) == 0 {
			edits = append(edits, analysis.TextEdit{Pos: h.Call.Rparen, End: h.Call.Rparen, NewText: []byte(ctx)})
		} else {
			first := h.Call.Args[0]
			edits = append(edits, analysis.TextEdit{Pos: first.Pos(), End: first.Pos(), NewText: []byte(ctx + ", ")})
		}
		return name + "(" + ctx + ", ...)", []analysis.SuggestedFix{{Message: fmt.Sprintf("Use %s with %s", twin, ctx), TextEdits: edits}}
	}
	return name, []analysis.SuggestedFix{{Message: fmt.Sprintf("Use %s", twin), TextEdits: edits}}
}

// nextOutOfSight reports whether the rows' Next is a wrapper's written in
// another package (a struct embedding *sql.Rows with its own Next): the
// lifecycle takes it to read the rows to the end, as it cannot see it, and
// what it cannot see is not the ground for a finding of its own.
func nextOutOfSight(pass *analysis.Pass, h *lifecycle.Handle) bool {
	if h.Var == nil || h.Class == nil {
		return false
	}
	obj, _, _ := types.LookupFieldOrMethod(h.Var.Type(), true, pass.Pkg, h.Class.Drain)
	fn, ok := obj.(*types.Func)
	return ok && fn.Pkg() != nil && fn.Pkg() != pass.Pkg && fn.Pkg().Path() != h.Class.Pkg
}

// finder returns the package's context finder, built on first use.
func (c *checker) finder(pass *analysis.Pass) *ctxsource.Finder {
	// Per package, not on the checker: the driver runs the analyzer on
	// several packages at once.
	pkg := scope.Of(pass)
	return scope.Shared(pkg, finderKey{}, func() *ctxsource.Finder { return ctxsource.NewFinder(pkg.Flow(), true) })
}

// finderKey keys rowsclose's own context finder among a package's shared
// results (ctxsource's Finder fills caches as it is asked: no other
// analyzer shares it).
type finderKey struct{}
