package connleak_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/dbpoollint/dbpoollint/analyzers/connleak"
	"github.com/dbpoollint/dbpoollint/internal/testroot"
)

// ORMs' transactions: bun's BeginTx, gorm's Begin, ent's generated
// Client.Tx (recognized by shape); their callback forms end the
// transaction themselves.
func TestORMTransactionsLeftOpenAreReportedAndFixed(t *testing.T) {
	t.Parallel()
	testroot.MessagesFit(t, analysistest.RunWithSuggestedFixes(t, testroot.TestData(), connleak.New(), "connleak/orm"))
}
