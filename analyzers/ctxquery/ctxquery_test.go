package ctxquery_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/dbpoollint/dbpoollint/analyzers/ctxquery"
	"github.com/dbpoollint/dbpoollint/internal/testroot"
)

// defaults is one load of every case package checked under the default
// settings (see testroot.Load).
var defaults = &testroot.Load{
	Analyzer: ctxquery.New,
	Pkgs:     []string{"ctxquery/oneshot", "ctxquery/oneshot/cmd/app", "ctxquery/oneshot/migrations", "ctxquery/oneshot/initreg", "ctxquery/oneshot/initserves", "ctxquery/rootctx", "ctxquery/outlives", "ctxquery/fireforget", "ctxquery/lifetime"},
}

// fixes is one load, with the suggested fixes checked against the .golden
// files, of every fix case package under the default settings.
var fixes = &testroot.Load{
	Analyzer: ctxquery.New,
	Fixes:    true,
	Pkgs:     []string{"ctxquery/a", "ctxquery/helpers", "ctxquery/b", "ctxquery/nofix", "ctxquery/dot", "ctxquery/testsoff", "ctxquery/pgx", "ctxquery/pgtesting", "ctxquery/live", "ctxquery/sqlc", "ctxquery/orm", "ctxquery/besteffort", "ctxquery/txbound", "ctxquery/sqliteprep", "ctxquery/sqliteprep/mixed"},
}

// One load for the cases of the default settings: package a, calls without
// the context at hand, reported and fixed; helpers and b, helpers of another
// package are not database calls; nofix, no fix where the rewrite would not
// be exactly right (it has no .golden file: a fix would fail the test); dot,
// a dot-imported twin is fixed by its bare name; testsoff, test files are
// silent by default.
func TestCallsWithoutTheContextAtHandAreReportedAndFixed(t *testing.T) {
	t.Parallel()
	fixes.Check(t, "ctxquery/a", "ctxquery/helpers", "ctxquery/b", "ctxquery/nofix", "ctxquery/dot", "ctxquery/testsoff", "ctxquery/pgx", "ctxquery/pgtesting")
}

func TestStrictReportsEverywhereAndFixesOnlyWhereAContextIsAtHand(t *testing.T) {
	t.Parallel()
	a := ctxquery.New()
	if err := a.Flags.Set("strict", "true"); err != nil {
		t.Fatal(err)
	}
	testroot.MessagesFit(t, analysistest.RunWithSuggestedFixes(t, testroot.TestData(), a, "ctxquery/strict"))
}

func TestTestsOptionUsesTheTestsContext(t *testing.T) {
	t.Parallel()
	a := ctxquery.New()
	if err := a.Flags.Set("tests", "true"); err != nil {
		t.Fatal(err)
	}
	testroot.MessagesFit(t, analysistest.RunWithSuggestedFixes(t, testroot.TestData(), a, "ctxquery/tests"))
}

// Code that runs once per process (migrations registered with goose, main
// before it serves, CLI commands, seeding reached only from them, a COPY
// IN's buffered rows) is silent with a context at hand; request paths next
// to it, a serving loop and the goroutines main starts are reported.
func TestOneShotCodeIsLeftToStrict(t *testing.T) {
	t.Parallel()
	defaults.Check(t, "ctxquery/oneshot", "ctxquery/oneshot/cmd/app", "ctxquery/oneshot/migrations", "ctxquery/oneshot/initreg", "ctxquery/oneshot/initserves")
}

func TestStrictReportsOneShotCode(t *testing.T) {
	t.Parallel()
	a := ctxquery.New()
	if err := a.Flags.Set("strict", "true"); err != nil {
		t.Fatal(err)
	}
	testroot.MessagesFit(t, analysistest.Run(t, testroot.TestData(), a, "ctxquery/oneshotstrict"))
}

// A fix passes only a context live for the whole call: not an errgroup's
// after Wait, nor one whose cancel has run or is deferred in an inner
// function; another context at hand that is live, or no fix.
func TestFixesPassOnlyALiveContext(t *testing.T) {
	t.Parallel()
	fixes.Check(t, "ctxquery/live")
}

// A context parameter of an unexported function whose every caller passes
// context.Background() (or another such parameter) carries no deadline: it
// is no context at hand. One that a caller gives a request's context, one of
// a function also used as a value, and one of an exported function are.
func TestAContextOnlyTheRootContextReachesIsNotAtHand(t *testing.T) {
	t.Parallel()
	defaults.Check(t, "ctxquery/rootctx")
}

// Work no caller waits for (a function returning nothing, exported or
// called by an exported one that returns nothing, with its context
// parameter at hand) is left to -strict: callers out of sight may run it in
// a goroutine with a request's context that ends first.
func TestWorkNoCallerWaitsForIsLeftToStrict(t *testing.T) {
	t.Parallel()
	defaults.Check(t, "ctxquery/fireforget")
}

func TestStrictReportsWorkNoCallerWaitsFor(t *testing.T) {
	t.Parallel()
	a := ctxquery.New()
	if err := a.Flags.Set("strict", "true"); err != nil {
		t.Fatal(err)
	}
	testroot.MessagesFit(t, analysistest.Run(t, testroot.TestData(), a, "ctxquery/fireforgetstrict"))
}

// Where the context at hand would change what a correct program does: an
// outcome assigned to _ only is best effort on purpose (no finding); an
// error branch that writes to the database, or a call after the function's
// transaction committed, gets the finding without a fix.
func TestNoFindingOrNoFixWhereTheContextChangesWhatRuns(t *testing.T) {
	t.Parallel()
	fixes.Check(t, "ctxquery/besteffort")
}

// A pool outlives the call that opens it, and a release function returned
// or stored runs after its creator's context may have ended: a
// context.Background() there is on purpose, and no fix may shorten it.
func TestContextsThatMustOutliveTheFunctionAreLeftAlone(t *testing.T) {
	t.Parallel()
	defaults.Check(t, "ctxquery/outlives")
}

// A statement of a transaction is fixed only with the context the
// transaction was begun with in sight (BeginTx(ctx, ...), pgx.BeginFunc(ctx,
// ...)); on a transaction begun out of sight (a parameter, a field, the
// callback of a helper given a context) it is reported without a fix; on
// the callback of a helper given no context, which could only begin it
// without the caller's, it is left to -strict. A Prepare on a transaction
// begun in sight with the context at hand is left to -strict too (the
// transaction holds its connection); on one begun with another context, a
// parameter or a field it stays reported.
func TestStatementsOfATransactionTakeOnlyItsContext(t *testing.T) {
	t.Parallel()
	fixes.Check(t, "ctxquery/txbound")
}

func TestStrictReportsStatementsOfAHelpersTransactionWithoutAFix(t *testing.T) {
	t.Parallel()
	a := ctxquery.New()
	if err := a.Flags.Set("strict", "true"); err != nil {
		t.Fatal(err)
	}
	testroot.MessagesFit(t, analysistest.RunWithSuggestedFixes(t, testroot.TestData(), a, "ctxquery/txboundstrict"))
}

// In a package whose pools can only be SQLite's, a Prepare without a
// context is left to -strict (SQLite prepares in process and its drivers
// ignore the prepare's context; the statement's own call carries it); its
// Query and Exec stay reported, and so does a Prepare in a package that may
// also use a network database.
func TestAPrepareOnSQLiteIsLeftToStrict(t *testing.T) {
	t.Parallel()
	fixes.Check(t, "ctxquery/sqliteprep", "ctxquery/sqliteprep/mixed")
}

func TestStrictReportsAPrepareOnSQLite(t *testing.T) {
	t.Parallel()
	a := ctxquery.New()
	if err := a.Flags.Set("strict", "true"); err != nil {
		t.Fatal(err)
	}
	testroot.MessagesFit(t, analysistest.RunWithSuggestedFixes(t, testroot.TestData(), a, "ctxquery/sqliteprepstrict"))
}

// A Begin without a context whose statements all take it is left to
// -strict only where no pool is limited (txbound's setPassword); with a
// limited pool the Begin may wait for a connection with no deadline.
func TestABeginOnALimitedPoolIsReportedThoughItsStatementsTakeTheContext(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, testroot.TestData(), ctxquery.New(), "ctxquery/beginlimited")
}

// A worker's lifetime context (the context parameter a serving loop waits
// on with ctx.Done(), and the unexported functions only that loop calls
// with it) adds only cancellation at shutdown: left to -strict. Exported
// functions, a context derived with a deadline, a call outside the loop and
// a loop serving a request stay reported.
func TestAWorkersLifetimeContextIsLeftToStrict(t *testing.T) {
	t.Parallel()
	defaults.Check(t, "ctxquery/lifetime")
}

func TestStrictReportsAWorkersLifetimeContext(t *testing.T) {
	t.Parallel()
	a := ctxquery.New()
	if err := a.Flags.Set("strict", "true"); err != nil {
		t.Fatal(err)
	}
	testroot.MessagesFit(t, analysistest.Run(t, testroot.TestData(), a, "ctxquery/lifetimestrict"))
}
