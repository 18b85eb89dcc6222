package rowsclose_test

import (
	"testing"
)

// Nothing is reported in a generated file (here sqlc's, edited to leak);
// the handwritten file beside it is reported as usual.
func TestGeneratedFilesAreNotReported(t *testing.T) {
	t.Parallel()
	defaults.Check(t, "rowsclose/generated")
}
