package pooldeadlock_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/dbpoollint/dbpoollint/analyzers/pooldeadlock"
	"github.com/dbpoollint/dbpoollint/internal/testroot"
)

// defaults is one load of every case package checked under the default
// settings (see testroot.Load).
var defaults = &testroot.Load{
	Analyzer: pooldeadlock.New,
	Pkgs:     []string{"pooldeadlock/a", "pooldeadlock/pgx", "pooldeadlock/sqlc", "pooldeadlock/structs", "pooldeadlock/orm", "pooldeadlock/tests", "pooldeadlock/oneshot", "pooldeadlock/unlimited", "pooldeadlock/background"},
}

// Package a: database/sql and sqlx; pgx: pgxpool with pgx.Tx, pgxpool.Conn,
// pgx.Rows and BeginFunc; each way round, with the idiomatic twins silent.
func TestASecondConnectionFromAHeldPoolIsReported(t *testing.T) {
	t.Parallel()
	defaults.Check(t, "pooldeadlock/a", "pooldeadlock/pgx", "pooldeadlock/sqlc", "pooldeadlock/structs", "pooldeadlock/orm")
}

// In test code only a call that waits for ever is reported: the test caps
// the pool at the connections it holds.
func TestInTestsOnlyACallThatWaitsForEverIsReported(t *testing.T) {
	t.Parallel()
	defaults.Check(t, "pooldeadlock/tests")
}

// With -tests, test code is reported as any other.
func TestTestsFlagReportsTestCodeAsAnyOther(t *testing.T) {
	t.Parallel()
	a := pooldeadlock.New()
	if err := a.Flags.Set("tests", "true"); err != nil {
		t.Fatal(err)
	}
	testroot.MessagesFit(t, analysistest.Run(t, testroot.TestData(), a, "pooldeadlock/testsflag"))
}

// In code that runs once per process (init and what only it reaches) a
// hold-and-wait is left to -strict; a handler init registers is reported.
func TestOnceCodeIsLeftToStrict(t *testing.T) {
	t.Parallel()
	defaults.Check(t, "pooldeadlock/oneshot")
}

// Code that only one goroutine runs, started once by code that runs once (a
// background cleaner), has one caller at a time: left to -strict. Reached
// from a handler too, started in a loop, per request or twice, or on a pool
// capped at the connection it holds, it is reported.
func TestOneBackgroundGoroutineIsLeftToStrict(t *testing.T) {
	t.Parallel()
	defaults.Check(t, "pooldeadlock/background")
}

// With -strict, code that runs once is reported as any other.
func TestStrictReportsOnceCode(t *testing.T) {
	t.Parallel()
	a := pooldeadlock.New()
	if err := a.Flags.Set("strict", "true"); err != nil {
		t.Fatal(err)
	}
	testroot.MessagesFit(t, analysistest.Run(t, testroot.TestData(), a, "pooldeadlock/oneshotstrict", "pooldeadlock/backgroundstrict"))
}

// No fix moves the call onto the held transaction or connection: that
// changes what the statement does when the transaction rolls back (the
// golden file is the source unchanged).
func TestNoFixMovesTheCallOntoTheHeldHandle(t *testing.T) {
	t.Parallel()
	testroot.MessagesFit(t, analysistest.RunWithSuggestedFixes(t, testroot.TestData(), pooldeadlock.New(), "pooldeadlock/fix"))
}

// A database/sql pool (sqlx's, gorm's) that nothing in the package or its
// module limits with SetMaxOpenConns always has a second connection: not
// reported; a pgxpool pool always has a limit and is.
func TestAPoolNothingLimitsIsLeftToStrict(t *testing.T) {
	t.Parallel()
	defaults.Check(t, "pooldeadlock/unlimited")
}

// With -strict, a pool nothing limits is reported as any other.
func TestStrictReportsAPoolNothingLimits(t *testing.T) {
	t.Parallel()
	a := pooldeadlock.New()
	if err := a.Flags.Set("strict", "true"); err != nil {
		t.Fatal(err)
	}
	testroot.MessagesFit(t, analysistest.Run(t, testroot.TestData(), a, "pooldeadlock/unlimitedstrict"))
}
