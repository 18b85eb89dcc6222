package ignore_test

import (
	"go/ast"
	"go/constant"
	"strings"
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

// judgingCalls returns a directive analyzer judging the stub "calls", which
// records its suppressions in the directive set of that analyzer's suite.
func judgingCalls() *analysis.Analyzer {
	a := ignore.NewAnalyzer([]string{"calls", "off"})
	ignore.JudgeOnly(a, []*analysis.Analyzer{calls(ignore.DirectivesOf(a))})
	return a
}

func TestDirectivesThatSuppressNoFindingOfAJudgedAnalyzerAreReported(t *testing.T) {
	analysistest.Run(t, testroot.TestData(), judgingCalls(), "ignoredirective/unused")
}

func TestAllowUnusedSilencesOnlyTheUnusedReports(t *testing.T) {
	a := judgingCalls()
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

// categories is a stub analyzer of the suite named name: it reports every
// call finding(category), with that category, through ignore.Wrap.
func categories(name string, requires ...*analysis.Analyzer) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:     name,
		Doc:      "report calls of finding with their category",
		Requires: requires,
		Run: ignore.Wrap(func(pass *analysis.Pass) (any, error) {
			for _, f := range pass.Files {
				ast.Inspect(f, func(n ast.Node) bool {
					call, ok := n.(*ast.CallExpr)
					if !ok || len(call.Args) != 1 {
						return true
					}
					if id, ok := call.Fun.(*ast.Ident); !ok || id.Name != "finding" {
						return true
					}
					tv := pass.TypesInfo.Types[call.Args[0]]
					if tv.Value == nil || tv.Value.Kind() != constant.String {
						return true
					}
					category := constant.StringVal(tv.Value)
					pass.Report(analysis.Diagnostic{Pos: call.Pos(), Category: category, Message: name + " " + category})
					return true
				})
			}
			return nil, nil
		}),
	}
}

// suiteSet returns the directive set analyzer of a fresh suite, with the
// given flags of its directive analyzer set.
func suiteSet(t *testing.T, flags ...string) *analysis.Analyzer {
	t.Helper()
	a := ignore.NewAnalyzer([]string{"rowsclose"})
	for i := 0; i+1 < len(flags); i += 2 {
		if err := a.Flags.Set(flags[i], flags[i+1]); err != nil {
			t.Fatal(err)
		}
	}
	return ignore.DirectivesOf(a)
}

func TestNolintOfTheLintersTheSuiteReplacesSuppressesTheMatchingCategories(t *testing.T) {
	for _, name := range []string{"rowsclose", "connleak", "ctxquery", "sqlrowserr"} {
		t.Run(name, func(t *testing.T) {
			analysistest.Run(t, testroot.TestData(), categories(name, suiteSet(t)), "ignoredirective/nolint/"+name)
		})
	}
}

func TestNolintNamingEveryLinterOrTheSuiteSuppressesEveryFinding(t *testing.T) {
	analysistest.Run(t, testroot.TestData(), categories("rowsclose", suiteSet(t)), "ignoredirective/nolint/own")
}

func TestAnAnalyzerOutsideTheSuiteHonoursNolintToo(t *testing.T) {
	analysistest.Run(t, testroot.TestData(), categories("rowsclose"), "ignoredirective/nolint/own")
}

func TestUnderGolangciLintBareNolintIsLeftToGolangciLint(t *testing.T) {
	a := ignore.NewAnalyzer([]string{"rowsclose"})
	ignore.LeaveOwnNolintToGolangciLint(a)
	analysistest.Run(t, testroot.TestData(), categories("rowsclose", ignore.DirectivesOf(a)), "ignoredirective/nolint/plugin")
}

func TestHonorNolintFalseTurnsNolintOff(t *testing.T) {
	analysistest.Run(t, testroot.TestData(), categories("rowsclose", suiteSet(t, "honor-nolint", "false")), "ignoredirective/nolint/off")
}

func TestHonorNolintIsAFlagOfTheDirectiveAnalyzerOfEachSuite(t *testing.T) {
	a, b := ignore.NewAnalyzer(nil), ignore.NewAnalyzer(nil)
	f := a.Flags.Lookup("honor-nolint")
	if f == nil || f.DefValue != "true" || !strings.Contains(f.Usage, "sqlclosecheck") {
		t.Fatalf("the directive analyzer's honor-nolint flag: %+v", f)
	}
	if err := a.Flags.Set("honor-nolint", "false"); err != nil {
		t.Fatal(err)
	}
	if got := ignore.DirectivesOf(a).Flags.Lookup("honor-nolint").Value.String(); got != "false" {
		t.Errorf("-ignoredirective.honor-nolint=false: the suite's directive set has %s", got)
	}
	if got := ignore.DirectivesOf(b).Flags.Lookup("honor-nolint").Value.String(); got != "true" {
		t.Errorf("another suite's directive set has honor-nolint=%s: suites share state", got)
	}
}

func TestWrapGivesEachDiagnosticItsCategorysURL(t *testing.T) {
	var got []string
	for _, r := range analysistest.Run(&quiet{T: t}, testroot.TestData(), categories("rowsclose"), "ignoredirective/nolint/rowsclose") {
		for _, d := range r.Diagnostics {
			got = append(got, d.URL)
			if want := "https://github.com/dbpoollint/dbpoollint/blob/main/docs/rowsclose.md#" + d.Category; d.URL != want {
				t.Errorf("%s: URL %q, want %q", d.Message, d.URL, want)
			}
		}
	}
	if len(got) == 0 {
		t.Fatal("no diagnostics: the test would prove nothing")
	}
}
