package connleak_test

import (
	"go/token"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/dbpoollint/dbpoollint/analyzers/connleak"
	"github.com/dbpoollint/dbpoollint/internal/testroot"
)

// defaults is one load of every case package checked under the default
// settings (see testroot.Load).
var defaults = &testroot.Load{
	Analyzer: connleak.New,
	Pkgs:     []string{"connleak/a", "connleak/b", "connleak/pgx", "connleak/realcode", "connleak/collected", "connleak/sqlite", "connleak/tests", "connleak/precision", "connleak/oneshot", "connleak/oneshotmig", "connleak/migtable", "connleak/ownpool", "connleak/txwording"},
}

// fixes is one load, with the suggested fixes checked against the .golden
// files, of every fix case package under the default settings.
var fixes = &testroot.Load{
	Analyzer: connleak.New,
	Fixes:    true,
	Pkgs:     []string{"connleak/fix", "connleak/pgxfix", "connleak/layers", "connleak/fixsafety", "connleak/orm"},
}

// Package a: transactions, connections and statements left open on some
// path, and the idiomatic code that must stay silent; package b calls a's
// helpers, whose bodies it cannot see (the precision rule).
func TestTxConnAndStmtLeftOpenOnSomePathAreReportedAndUnseenHelpersAreTrusted(t *testing.T) {
	t.Parallel()
	defaults.Check(t, "connleak/a", "connleak/b", "connleak/pgx", "connleak/realcode", "connleak/collected", "connleak/sqlite")
}

// In test code only what can fail or hang the run is reported: a handle
// leaked in a loop, or from a pool the test caps below the handles it holds
// before using it again.
func TestInTestsOnlyWhatFailsOrHangsTheRunIsReported(t *testing.T) {
	t.Parallel()
	defaults.Check(t, "connleak/tests")
}

// With -tests, test code is reported as any other.
func TestTestsFlagReportsTestCodeAsAnyOther(t *testing.T) {
	t.Parallel()
	a := connleak.New()
	if err := a.Flags.Set("tests", "true"); err != nil {
		t.Fatal(err)
	}
	testroot.MessagesFit(t, analysistest.Run(t, testroot.TestData(), a, "connleak/testsflag"))
}

// Code that runs once per process (main, a CLI command, what only they
// reach): a handle left open only on an error return, which ends the
// process, is not reported; on a success path, or in code that serves or
// runs in a goroutine, it is.
func TestInCodeThatRunsOnceALeakOnlyOnErrorReturnsIsNotReported(t *testing.T) {
	t.Parallel()
	defaults.Check(t, "connleak/oneshot", "connleak/oneshotmig", "connleak/migtable")
}

// With -strict, it is.
func TestStrictReportsLeaksOnErrorReturnsOfCodeThatRunsOnce(t *testing.T) {
	t.Parallel()
	a := connleak.New()
	if err := a.Flags.Set("strict", "true"); err != nil {
		t.Fatal(err)
	}
	testroot.MessagesFit(t, analysistest.Run(t, testroot.TestData(), a, "connleak/oneshotstrict"))
}

func TestFixesDeferRollbackAndClose(t *testing.T) {
	t.Parallel()
	fixes.Check(t, "connleak/fix", "connleak/pgxfix")
}

// A module whose main package imports SQLite's drivers only: a package
// that receives its pool (and imports no driver) is on SQLite, and a
// transaction left open says what it does to SQLite's writers.
func TestATransactionLeftOpenOnAModuleOfSQLiteSaysItHoldsTheWriteLock(t *testing.T) {
	t.Parallel()
	testroot.MessagesFit(t, analysistest.Run(t, filepath.Join(testroot.TestData(), "modules", "sqliteold"), connleak.New(), "./seed"))
}

// A same-package helper that returns a handle another owner keeps on some
// paths (a cache, the caller's own transaction) and a fresh one on others
// gives its callers nothing they must release: mixed ownership is trusted.
// With them, issue 20's places: a transaction begun in two cases of a
// switch is one finding, and a continue names itself.
func TestHandlesOfMixedOwnershipAreNotTheCallersToRelease(t *testing.T) {
	t.Parallel()
	defaults.Check(t, "connleak/precision")
}

// Issue 21's layers: a wrapper embedding *sql.Tx from a Begin helper, helpers
// returning the release functions with the handle, constructors that fail
// without keeping the transaction. None gets a fix (no golden file): the
// release functions may do more than the class's release, and the
// constructor keeps the transaction when it succeeds.
func TestHandlesBehindWrappersReleaseFuncsAndFailingConstructorsAreFollowed(t *testing.T) {
	t.Parallel()
	fixes.Check(t, "connleak/layers")
}

// The shapes where a release added by a fix would break a correct program
// (a statement a cache keeps, one a returned, stored or goroutine closure
// still uses, rows of a transaction going to the caller) keep their finding
// without a fix; the ordinary shapes keep theirs.
func TestNoFixWhereTheReleaseWouldRunBeforeALaterUse(t *testing.T) {
	t.Parallel()
	fixes.Check(t, "connleak/fixsafety")
}

// A package that, in its module, only tests import is test code, although
// it imports no testing package (a launcher of the tests' database under
// internal/sqltest/docker): the leak on its error return is silent. A
// package whose path merely ends in "test" (internal/latest) that the
// service imports is not.
func TestAPackageOnlyTheModulesTestsImportIsTestCode(t *testing.T) {
	t.Parallel()
	testroot.MessagesFit(t, analysistest.Run(t, filepath.Join(testroot.TestData(), "modules", "harness"), connleak.New(), "./internal/..."))
}

// Closing a pool closes its statements: a statement prepared on a pool the
// function opened and closes on every path is not leaked; one prepared on a
// pool the function was given, or on one it leaves open, is.
func TestStmtOfAPoolTheFunctionOpensAndClosesIsNotReported(t *testing.T) {
	t.Parallel()
	defaults.Check(t, "connleak/ownpool")
}

// A package whose tests open SQLite as a fixture, while its own code
// imports no driver: the package and its test variant are checked apart,
// and a transaction left open in the package's code is one finding with one
// wording (the checker prints identical findings once), not one generic and
// one about SQLite's write lock.
func TestALeakSeenByThePackageAndItsTestVariantIsOneFindingWithOneWording(t *testing.T) {
	t.Parallel()
	results := analysistest.Run(t, testroot.TestData(), connleak.New(), "connleak/testvariant")
	testroot.MessagesFit(t, results)
	messages := make(map[token.Position]map[string]bool)
	variants := 0
	for _, r := range results {
		variants++
		for _, d := range r.Diagnostics {
			p := r.Pass.Fset.Position(d.Pos)
			if messages[p] == nil {
				messages[p] = make(map[string]bool)
			}
			messages[p][d.Message] = true
		}
	}
	if variants < 2 || len(messages) == 0 {
		t.Fatalf("want the package and its test variant, with a finding; got %d packages, %d positions", variants, len(messages))
	}
	for p, ms := range messages {
		if len(ms) != 1 {
			t.Errorf("%s: %d wordings of one finding: %v", p, len(ms), ms)
		}
	}
}

// A transaction begun with a context that can end is rolled back when it
// ends (database/sql's, not pgx's), and one left open before any statement
// ran on it holds no lock yet: the message says so (R10VT-D3).
func TestTheMessageSaysHowLongATransactionStaysOpenAndWhatItHolds(t *testing.T) {
	t.Parallel()
	defaults.Check(t, "connleak/txwording")
}
