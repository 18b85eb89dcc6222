package ctxquery_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/dbpoollint/dbpoollint/analyzers/ctxquery"
	"github.com/dbpoollint/dbpoollint/internal/testroot"
)

func TestCallsWithoutTheContextAtHandAreReportedAndFixed(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testroot.TestData(), ctxquery.New(), "ctxquery/a")
}

func TestHelpersOfAnotherPackageAreNotDatabaseCalls(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testroot.TestData(), ctxquery.New(), "ctxquery/helpers", "ctxquery/b")
}

func TestNoFixWhereTheRewriteWouldNotBeExactlyRight(t *testing.T) {
	// No .golden file in ctxquery/nofix: a fix would fail the test.
	analysistest.RunWithSuggestedFixes(t, testroot.TestData(), ctxquery.New(), "ctxquery/nofix")
}

func TestDotImportedTwinIsFixedByItsBareName(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testroot.TestData(), ctxquery.New(), "ctxquery/dot")
}

func TestStrictReportsEverywhereAndFixesOnlyWhereAContextIsAtHand(t *testing.T) {
	a := ctxquery.New()
	if err := a.Flags.Set("strict", "true"); err != nil {
		t.Fatal(err)
	}
	analysistest.RunWithSuggestedFixes(t, testroot.TestData(), a, "ctxquery/strict")
}

func TestTestFilesAreSilentByDefault(t *testing.T) {
	analysistest.Run(t, testroot.TestData(), ctxquery.New(), "ctxquery/testsoff")
}

func TestTestsOptionUsesTheTestsContext(t *testing.T) {
	a := ctxquery.New()
	if err := a.Flags.Set("tests", "true"); err != nil {
		t.Fatal(err)
	}
	analysistest.RunWithSuggestedFixes(t, testroot.TestData(), a, "ctxquery/tests")
}
