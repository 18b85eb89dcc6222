package rowsclose_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/dbpoollint/dbpoollint/analyzers/rowsclose"
	"github.com/dbpoollint/dbpoollint/internal/testroot"
)

func TestRowsLeftOpenOnSomePathAreReported(t *testing.T) {
	analysistest.Run(t, testroot.TestData(), rowsclose.New(), "rowsclose/a")
}

func TestHelpersOfAnotherPackageFollowThePrecisionRule(t *testing.T) {
	analysistest.Run(t, testroot.TestData(), rowsclose.New(), "rowsclose/b")
}

func TestTrustDrainSilencesDrainedOnlyRowsButNotLeaks(t *testing.T) {
	a := rowsclose.New()
	if err := a.Flags.Set("trust-drain", "true"); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, testroot.TestData(), a, "rowsclose/trustdrain")
}

func TestFixesSwitchToExecAndDeferClose(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testroot.TestData(), rowsclose.New(), "rowsclose/fix")
}

// Analyzing a wrapper library itself (sqlx's Get closes the row in its own
// scanAny), its methods are read, not taken as opaque API.
func TestTheWrappersOwnMethodsAreReadInsideIt(t *testing.T) {
	analysistest.Run(t, testroot.TestData(), rowsclose.New(), "github.com/jmoiron/sqlx")
}
