package rowsclose_test

import (
	"testing"
)

// ORMs hand out database/sql rows too: gorm's Rows(), bun's Rows(ctx).
func TestORMRowsNotClosedAreReported(t *testing.T) {
	t.Parallel()
	defaults.Check(t, "rowsclose/orm")
}
