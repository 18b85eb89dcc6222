package rowsclose_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/sqlrowserr"

	"github.com/dbpoollint/dbpoollint/analyzers/rowsclose"
	"github.com/dbpoollint/dbpoollint/internal/testroot"
)

// defaults is one load of every case package checked under the default
// settings (see testroot.Load).
var defaults = &testroot.Load{
	Analyzer: rowsclose.New,
	Pkgs:     []string{"rowsclose/a", "rowsclose/b", "github.com/jmoiron/sqlx", "rowsclose/pgx", "rowsclose/owner", "rowsclose/fork", "rowsclose/collected", "rowsclose/precision", "rowsclose/messages", "rowsclose/busy", "rowsclose/busysqlite", "rowsclose/busyunknown", "rowsclose/tests", "rowsclose/layers", "rowsclose/generated", "rowsclose/orm", "rowsclose/oneshot", "rowsclose/oneshot/deltas", "rowsclose/commit", "rowsclose/txend", "rowsclose/wrapext", "rowsclose/resume", "rowsclose/onlyrow", "rowsclose/stmtfield"},
}

// fixes is one load, with the suggested fixes checked against the .golden
// files, of every fix case package under the default settings.
var fixes = &testroot.Load{
	Analyzer: rowsclose.New,
	Fixes:    true,
	Pkgs:     []string{"rowsclose/fix", "rowsclose/fixsafety"},
}

// Package a: rows left open on some path, and the idiomatic code that must
// stay silent; package b calls a's helpers, whose bodies it cannot see (the
// precision rule); sqlx analyzed as itself reads its own methods (sqlx's Get
// closes the row in its own scanAny), not taking them for opaque API. One
// load for the three.
func TestRowsLeftOpenOnSomePathAreReportedAndUnseenHelpersAreTrusted(t *testing.T) {
	t.Parallel()
	defaults.Check(t, "rowsclose/a", "rowsclose/b", "github.com/jmoiron/sqlx", "rowsclose/pgx", "rowsclose/owner", "rowsclose/fork", "rowsclose/collected")
}

// The false findings of issue 20 (rows of a wrapper whose Next delegates,
// an existence check that returns when Next is false, a test expecting a
// query to fail, rows.Err on a count whose no-row path fails anyway), each
// with the true finding next to it.
func TestWrappersExistenceChecksAndExpectedFailuresAreNotLeaks(t *testing.T) {
	t.Parallel()
	defaults.Check(t, "rowsclose/precision")
}

// Findings of issue 20 that named another place than their own: a reused
// variable's, a Scan error's, a switch's, a continue's.
func TestEachFindingNamesItsOwnPlace(t *testing.T) {
	t.Parallel()
	defaults.Check(t, "rowsclose/messages")
}

// A statement on a transaction or connection whose rows are still open,
// for database/sql, sqlx and pgx; silent for a package on SQLite.
func TestAStatementOnABusyConnectionIsReported(t *testing.T) {
	t.Parallel()
	defaults.Check(t, "rowsclose/busy", "rowsclose/busysqlite", "rowsclose/busyunknown")
}

// In test code only what can fail or hang the run is reported: rows leaked
// in a loop, rows of a pool the test caps below the rows it holds before
// using it again, a statement on a busy connection.
func TestInTestsOnlyWhatFailsOrHangsTheRunIsReported(t *testing.T) {
	t.Parallel()
	defaults.Check(t, "rowsclose/tests")
}

// With -tests, test code is reported as any other.
func TestTestsFlagReportsTestCodeAsAnyOther(t *testing.T) {
	t.Parallel()
	a := rowsclose.New()
	if err := a.Flags.Set("tests", "true"); err != nil {
		t.Fatal(err)
	}
	testroot.MessagesFit(t, analysistest.Run(t, testroot.TestData(), a, "rowsclose/testsflag"))
}

func TestTrustDrainSilencesDrainedOnlyRowsButNotLeaks(t *testing.T) {
	t.Parallel()
	a := rowsclose.New()
	if err := a.Flags.Set("trust-drain", "true"); err != nil {
		t.Fatal(err)
	}
	testroot.MessagesFit(t, analysistest.Run(t, testroot.TestData(), a, "rowsclose/trustdrain"))
}

func TestFixesSwitchToExecAndDeferClose(t *testing.T) {
	t.Parallel()
	fixes.Check(t, "rowsclose/fix")
}

// Rows a returned closure still reads keep their finding without a fix: a
// deferred Close would close them before the caller's first read.
func TestNoFixWhereAClosureReadsTheRowsLater(t *testing.T) {
	t.Parallel()
	fixes.Check(t, "rowsclose/fixsafety")
}

// The rows.Err shapes beyond sqlrowserr are reported, and none of them is a
// finding of sqlrowserr too: a user running both sees each mistake once.
func TestRowsErrShapesBeyondSqlrowserrAreReportedOnce(t *testing.T) {
	t.Parallel()
	ours := analysistest.Run(t, testroot.TestData(), rowsclose.New(), "rowsclose/rowserr")
	testroot.MessagesFit(t, ours)
	theirs := analysistest.Run(quiet{}, testroot.TestData(), sqlrowserr.Analyzer, "rowsclose/rowserr")
	lines := make(map[string]bool)
	for _, r := range theirs {
		for _, d := range r.Diagnostics {
			p := r.Pass.Fset.Position(d.Pos)
			lines[fmt.Sprintf("%s:%d", p.Filename, p.Line)] = true
		}
	}
	if len(lines) == 0 {
		t.Fatal("sqlrowserr reports nothing in rowsclose/rowserr: the case of its own shape is gone")
	}
	for _, r := range ours {
		for _, d := range r.Diagnostics {
			p := r.Pass.Fset.Position(d.Pos)
			if lines[fmt.Sprintf("%s:%d", p.Filename, p.Line)] {
				t.Errorf("%s: reported by sqlrowserr too: %s", p, d.Message)
			}
		}
	}
}

// quiet is an analysistest.Testing that ignores the want comments of a
// package written for another analyzer.
type quiet struct{}

func (quiet) Errorf(string, ...any) {}

// Migration packages receive their transactions and import no driver: the
// drivers the module imports decide. A module of SQLite only: silent; a
// module that opens PostgreSQL too: reported, except in a package that
// imports a SQLite driver itself.
func TestTheBusyConnectionFollowsTheDriversTheModuleImports(t *testing.T) {
	t.Parallel()
	testroot.MessagesFit(t, analysistest.Run(t, filepath.Join(testroot.TestData(), "modules", "sqliteold"), rowsclose.New(), "./migrations"))
	testroot.MessagesFit(t, analysistest.Run(t, filepath.Join(testroot.TestData(), "modules", "sqlitenew"), rowsclose.New(), "./migrations", "./archive"))
}

// Issue 21's layers: a repository type that embeds pgx's rows is rows (its
// Err is theirs), and rows given to a close helper that takes only an
// io.Closer, in this package or another, still owe their Err check.
func TestRowsBehindRepositoriesAndCloseHelpersStillOweTheirErrCheck(t *testing.T) {
	t.Parallel()
	defaults.Check(t, "rowsclose/layers")
}

// In code that runs once per process, rows left open only where the run
// fails (an error return, a panic before they are read to the end) and an
// unchecked rows.Err are left to -strict; rows left open on a path that
// succeeds are reported. A package-level sync.Once's literal runs once.
func TestInCodeThatRunsOnceOnlyRowsLeftOpenOnSuccessAreReported(t *testing.T) {
	t.Parallel()
	defaults.Check(t, "rowsclose/oneshot", "rowsclose/oneshot/deltas")
}

func TestStrictReportsRowsOfCodeThatRunsOnce(t *testing.T) {
	t.Parallel()
	a := rowsclose.New()
	if err := a.Flags.Set("strict", "true"); err != nil {
		t.Fatal(err)
	}
	testroot.MessagesFit(t, analysistest.Run(t, testroot.TestData(), a, "rowsclose/oneshotstrict", "rowsclose/oneshotstrict/deltas"))
}

// Rows of a PostgreSQL transaction begun in the function and read before a
// Commit whose error is used: an error in the rows aborts the transaction
// and the Commit fails with it (left to -strict); with the Commit's error
// dropped, it is reported.
func TestRowsErrThatTheTransactionsCommitSurfacesIsLeftToStrict(t *testing.T) {
	t.Parallel()
	defaults.Check(t, "rowsclose/commit")
}

// A module that opens SQLite and PostgreSQL, whose storage packages import
// no driver (or lib/pq only for pq.Array): each package's SQL tells its
// database. On SQLite a statement while rows are open is allowed and rows of
// a transaction discarded are closed at its end (-strict); on PostgreSQL the
// statement fails, and rows.Err of a transaction begun out of sight
// surfaces at its Commit (-strict).
func TestThePackagesSQLTellsItsDriverInAModuleOfSeveral(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(testroot.TestData(), "modules", "dialects")
	testroot.MessagesFit(t, analysistest.Run(t, dir, rowsclose.New(), "./sqlite3", "./sqlite3/deltas", "./postgres", "./mixed", "./pqconn"))
}

// With -strict, rows of a SQLite transaction discarded are reported (the
// default run of testdata/modules/dialects leaves them silent).
func TestStrictReportsDiscardedRowsOfASQLiteTransaction(t *testing.T) {
	t.Parallel()
	a := rowsclose.New()
	if err := a.Flags.Set("strict", "true"); err != nil {
		t.Fatal(err)
	}
	testroot.MessagesFit(t, analysistest.Run(t, filepath.Join(testroot.TestData(), "modules", "dialects"), a, "./sqlitestrict"))
}

// Rows of a database/sql transaction on PostgreSQL, through a project's Tx
// interface, an embedded or held transaction and squirrel's RunWith: a
// deferred Rollback closes them on every later return, and rows.Err there
// surfaces at the owner's Commit (-strict); the pool's, pgx's own and rows
// produced before the Rollback is deferred stay reported, as does a Scan
// after a dropped Next whose error is dropped too.
func TestRowsOfATransactionItsDeferredEndClosesAreNotLeaks(t *testing.T) {
	t.Parallel()
	defaults.Check(t, "rowsclose/txend")
}

func TestRowsOfAnotherPackagesWrapperReadToTheEndAreClosed(t *testing.T) {
	t.Parallel()
	defaults.Check(t, "rowsclose/wrapext")
}

// Keyset pages on pgx's stdlib that resume after the last row scanned and
// end only on an empty page, a cap or an error return: rows.Err unchecked
// loses nothing there. A load that ends on a short page, or pages by an
// offset, still loses the error.
func TestKeysetPagesThatResumeFromTheLastRowLoseNoError(t *testing.T) {
	t.Parallel()
	defaults.Check(t, "rowsclose/resume")
}

// A function that reads exactly one row and then checks that no second row
// follows (R10VT-D1): an error on that trailing Next comes after the data,
// so it is left to -strict; a trailing Next in a loop, after an unchecked
// Scan, or whose no-row branch returns something else than the row read is
// reported. Rows of a statement prepared on or bound to a PostgreSQL
// transaction held in a field of the receiver (R10VT-D2) are the
// transaction's: its Commit surfaces their error (-strict).
func TestOnlyRowChecksAndStatementsOfAFieldsTransactionAreLeftToStrict(t *testing.T) {
	t.Parallel()
	defaults.Check(t, "rowsclose/onlyrow", "rowsclose/stmtfield")
	a := rowsclose.New()
	if err := a.Flags.Set("strict", "true"); err != nil {
		t.Fatal(err)
	}
	testroot.MessagesFit(t, analysistest.Run(t, testroot.TestData(), a, "rowsclose/onlyrowstrict", "rowsclose/stmtfieldstrict"))
}
