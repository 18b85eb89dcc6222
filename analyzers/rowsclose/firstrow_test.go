package rowsclose_test

import (
	"testing"

	"github.com/dbpoollint/dbpoollint/analyzers/rowsclose"
	"github.com/dbpoollint/dbpoollint/internal/testroot"
)

// firstRow is one load of the packages whose only driver reads the first
// row inside Query (pgx's stdlib) or does not (lib/pq).
var firstRow = &testroot.Load{
	Analyzer: rowsclose.New,
	Pkgs:     []string{"rowsclose/firstrow", "rowsclose/firstrowpq"},
}

// On pgx's stdlib an existence check on the first Next loses no error: the
// query returned it. A Next after a row, a Next loop, a context that can end
// before the first Next, and the same check on lib/pq stay reported.
func TestAFirstNextOnADriverThatReadsTheFirstRowInQueryLosesNoError(t *testing.T) {
	t.Parallel()
	firstRow.Check(t, "rowsclose/firstrow", "rowsclose/firstrowpq")
}
