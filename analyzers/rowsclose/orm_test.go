package rowsclose_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/dbpoollint/dbpoollint/analyzers/rowsclose"
	"github.com/dbpoollint/dbpoollint/internal/testroot"
)

// ORMs hand out database/sql rows too: gorm's Rows(), bun's Rows(ctx).
func TestORMRowsNotClosedAreReported(t *testing.T) {
	t.Parallel()
	testroot.MessagesFit(t, analysistest.Run(t, testroot.TestData(), rowsclose.New(), "rowsclose/orm"))
}
