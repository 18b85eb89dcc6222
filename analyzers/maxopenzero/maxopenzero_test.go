package maxopenzero_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/dbpoollint/dbpoollint/analyzers/maxopenzero"
	"github.com/dbpoollint/dbpoollint/internal/testroot"
)

// Package a also opens a pool with no limit: without -require-limit it is
// not reported. Package b calls helpers of another package (the precision
// rule).
func TestZeroAndNegativeConstantLimitsAreReportedAndUnseenHelpersAreTrusted(t *testing.T) {
	t.Parallel()
	testroot.MessagesFit(t, analysistest.Run(t, testroot.TestData(), maxopenzero.New(), "maxopenzero/a", "maxopenzero/b"))
}

func TestRequireLimitReportsPoolsThatNeverGetALimit(t *testing.T) {
	t.Parallel()
	a := maxopenzero.New()
	if err := a.Flags.Set("require-limit", "true"); err != nil {
		t.Fatal(err)
	}
	testroot.MessagesFit(t, analysistest.Run(t, testroot.TestData(), a, "maxopenzero/limit"))
}
