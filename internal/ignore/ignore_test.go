package ignore_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/dbpoollint/dbpoollint/internal/ignore"
	"github.com/dbpoollint/dbpoollint/internal/testroot"
)

func TestDirectivesWithoutReasonOrWithUnknownAnalyzersAreReported(t *testing.T) {
	a := ignore.NewAnalyzer([]string{"maxopenzero", "sqlrowserr"})
	analysistest.Run(t, testroot.TestData(), a, "ignoredirective/a", "ignoredirective/nosql")
}
