package connleak_test

import (
	"testing"
)

// ORMs' transactions: bun's BeginTx, gorm's Begin, ent's generated
// Client.Tx (recognized by shape); their callback forms end the
// transaction themselves.
func TestORMTransactionsLeftOpenAreReportedAndFixed(t *testing.T) {
	t.Parallel()
	fixes.Check(t, "connleak/orm")
}
