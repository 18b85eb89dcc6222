package connleak_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/dbpoollint/dbpoollint/analyzers/connleak"
	"github.com/dbpoollint/dbpoollint/internal/testroot"
)

func TestTxConnAndStmtLeftOpenOnSomePathAreReported(t *testing.T) {
	analysistest.Run(t, testroot.TestData(), connleak.New(), "connleak/a")
}

func TestHelpersOfAnotherPackageFollowThePrecisionRule(t *testing.T) {
	analysistest.Run(t, testroot.TestData(), connleak.New(), "connleak/b")
}

func TestFixesDeferRollbackAndClose(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testroot.TestData(), connleak.New(), "connleak/fix")
}
