package rowsclose_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/dbpoollint/dbpoollint/analyzers/rowsclose"
	"github.com/dbpoollint/dbpoollint/internal/testroot"
)

// Package a: rows left open on some path, and the idiomatic code that must
// stay silent; package b calls a's helpers, whose bodies it cannot see (the
// precision rule); sqlx analyzed as itself reads its own methods (sqlx's Get
// closes the row in its own scanAny), not taking them for opaque API. One
// load for the three.
func TestRowsLeftOpenOnSomePathAreReportedAndUnseenHelpersAreTrusted(t *testing.T) {
	t.Parallel()
	testroot.MessagesFit(t, analysistest.Run(t, testroot.TestData(), rowsclose.New(), "rowsclose/a", "rowsclose/b", "github.com/jmoiron/sqlx"))
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
	testroot.MessagesFit(t, analysistest.RunWithSuggestedFixes(t, testroot.TestData(), rowsclose.New(), "rowsclose/fix"))
}
