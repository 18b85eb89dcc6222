package maxopenzero_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/dbpoollint/dbpoollint/analyzers/maxopenzero"
	"github.com/dbpoollint/dbpoollint/internal/testroot"
)

// The package also opens a pool with no limit: without -require-limit it is
// not reported.
func TestZeroAndNegativeConstantLimitsAreReported(t *testing.T) {
	analysistest.Run(t, testroot.TestData(), maxopenzero.New(), "maxopenzero/a")
}

func TestHelpersOfAnotherPackageFollowThePrecisionRule(t *testing.T) {
	analysistest.Run(t, testroot.TestData(), maxopenzero.New(), "maxopenzero/b")
}

func TestRequireLimitReportsPoolsThatNeverGetALimit(t *testing.T) {
	a := maxopenzero.New()
	if err := a.Flags.Set("require-limit", "true"); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, testroot.TestData(), a, "maxopenzero/limit")
}
