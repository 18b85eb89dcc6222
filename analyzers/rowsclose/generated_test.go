package rowsclose_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/dbpoollint/dbpoollint/analyzers/rowsclose"
	"github.com/dbpoollint/dbpoollint/internal/testroot"
)

// Nothing is reported in a generated file (here sqlc's, edited to leak);
// the handwritten file beside it is reported as usual.
func TestGeneratedFilesAreNotReported(t *testing.T) {
	t.Parallel()
	testroot.MessagesFit(t, analysistest.Run(t, testroot.TestData(), rowsclose.New(), "rowsclose/generated"))
}
