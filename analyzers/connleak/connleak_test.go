package connleak_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/dbpoollint/dbpoollint/analyzers/connleak"
	"github.com/dbpoollint/dbpoollint/internal/testroot"
)

// Package a: transactions, connections and statements left open on some
// path, and the idiomatic code that must stay silent; package b calls a's
// helpers, whose bodies it cannot see (the precision rule).
func TestTxConnAndStmtLeftOpenOnSomePathAreReportedAndUnseenHelpersAreTrusted(t *testing.T) {
	t.Parallel()
	testroot.MessagesFit(t, analysistest.Run(t, testroot.TestData(), connleak.New(), "connleak/a", "connleak/b", "connleak/pgx", "connleak/realcode", "connleak/collected"))
}

func TestFixesDeferRollbackAndClose(t *testing.T) {
	t.Parallel()
	testroot.MessagesFit(t, analysistest.RunWithSuggestedFixes(t, testroot.TestData(), connleak.New(), "connleak/fix", "connleak/pgxfix"))
}

// The shapes where a release added by a fix would break a correct program
// (a statement a cache keeps, one a returned, stored or goroutine closure
// still uses, rows of a transaction going to the caller) keep their finding
// without a fix; the ordinary shapes keep theirs.
func TestNoFixWhereTheReleaseWouldRunBeforeALaterUse(t *testing.T) {
	t.Parallel()
	testroot.MessagesFit(t, analysistest.RunWithSuggestedFixes(t, testroot.TestData(), connleak.New(), "connleak/fixsafety"))
}
