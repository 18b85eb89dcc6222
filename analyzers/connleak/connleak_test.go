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

// A same-package helper that returns a handle another owner keeps on some
// paths (a cache, the caller's own transaction) and a fresh one on others
// gives its callers nothing they must release: mixed ownership is trusted.
// With them, issue 20's places: a transaction begun in two cases of a
// switch is one finding, and a continue names itself.
func TestHandlesOfMixedOwnershipAreNotTheCallersToRelease(t *testing.T) {
	t.Parallel()
	testroot.MessagesFit(t, analysistest.Run(t, testroot.TestData(), connleak.New(), "connleak/precision"))
}
