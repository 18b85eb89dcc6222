package ignore_test

import (
	"go/ast"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/dbpoollint/dbpoollint/internal/ignore"
	"github.com/dbpoollint/dbpoollint/internal/testroot"
)

func TestDirectivesWithoutReasonOrWithUnknownAnalyzersAreReported(t *testing.T) {
	a := ignore.NewAnalyzer([]string{"maxopenzero", "sqlrowserr"})
	analysistest.Run(t, testroot.TestData(), a, "ignoredirective/a", "ignoredirective/nosql")
}

// calls is a stub analyzer of the suite: it reports every call of a function
// named finding, through ignore.Wrap like the suite's analyzers.
func calls(requires ...*analysis.Analyzer) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:     "calls",
		Doc:      "report calls of finding",
		Requires: requires,
		Run: ignore.Wrap(func(pass *analysis.Pass) (any, error) {
			for _, f := range pass.Files {
				ast.Inspect(f, func(n ast.Node) bool {
					if call, ok := n.(*ast.CallExpr); ok {
						if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "finding" {
							pass.Reportf(call.Pos(), "call of finding")
						}
					}
					return true
				})
			}
			return nil, nil
		}),
	}
}

func TestDirectivesThatSuppressNoFindingOfAJudgedAnalyzerAreReported(t *testing.T) {
	a := ignore.NewAnalyzer([]string{"calls", "off"}, calls(ignore.Directives))
	analysistest.Run(t, testroot.TestData(), a, "ignoredirective/unused")
}

func TestAllowUnusedSilencesOnlyTheUnusedReports(t *testing.T) {
	a := ignore.NewAnalyzer([]string{"calls", "off"}, calls(ignore.Directives))
	if err := a.Flags.Set("allow-unused", "true"); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range analysistest.Run(&quiet{T: t}, testroot.TestData(), a, "ignoredirective/unused") {
		for _, d := range r.Diagnostics {
			got = append(got, d.Category)
		}
	}
	if len(got) == 0 {
		t.Fatal("no diagnostics: the test would prove nothing")
	}
	for _, c := range got {
		if c == ignore.CategoryUnused {
			t.Errorf("allow-unused: a %s diagnostic is still reported", c)
		}
	}
}

// quiet is a testing.T for analysistest that ignores the // want
// expectations written for the default settings.
type quiet struct{ *testing.T }

func (*quiet) Errorf(string, ...any) {}

func TestWrapWithoutTheDirectiveSetStillSuppresses(t *testing.T) {
	analysistest.Run(t, testroot.TestData(), calls(), "ignoredirective/fallback")
}
