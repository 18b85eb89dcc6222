package dbpoollint

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/sqlrowserr"

	"github.com/dbpoollint/dbpoollint/internal/ignore"
	"github.com/dbpoollint/dbpoollint/internal/scope"
	"github.com/dbpoollint/dbpoollint/internal/testroot"
)

// walk calls f for a and every analyzer it requires, transitively.
func walk(a *analysis.Analyzer, seen map[*analysis.Analyzer]bool, f func(*analysis.Analyzer)) {
	if seen[a] {
		return
	}
	seen[a] = true
	f(a)
	for _, req := range a.Requires {
		walk(req, seen, f)
	}
}

// One fact type anywhere in the graph makes the driver load and type-check
// every dependency from source: about 7x the time and 9x the memory of the
// whole suite (the floor-facts row of bench/RESULTS.md).
func TestTheSuiteDeclaresNoFactsDirectlyOrThroughRequires(t *testing.T) {
	seen := make(map[*analysis.Analyzer]bool)
	roots := append(Analyzers(), sqlrowserr.Analyzer) // the bundled one's own prerequisites run on demand
	for _, root := range roots {
		walk(root, seen, func(a *analysis.Analyzer) {
			if len(a.FactTypes) > 0 {
				t.Errorf("%s (required by %s) declares facts", a.Name, root.Name)
			}
		})
	}
}

// Packages that reach neither database/sql nor a known driver cost nothing:
// every analyzer of the suite requires only the scope gate, which indexes a
// package's syntax only when the suite analyzes it, and the suite's own
// directive set, which parses nothing until a finding is reported. The directive analyzer
// also requires the analyzers it judges.
func TestEveryAnalyzerRequiresOnlyTheScopeGateAndTheDirectiveSet(t *testing.T) {
	as := Analyzers()
	set := ignore.DirectivesOf(as[len(as)-1])
	for _, a := range as {
		var want []*analysis.Analyzer
		want = append(want, scope.Analyzer, set)
		if a.Name == ignore.Name {
			want = append(want, as[:len(as)-1]...)
		}
		if !slices.Equal(a.Requires, want) {
			t.Errorf("%s requires %v, want %v", a.Name, names(a.Requires), names(want))
		}
	}
}

// The directive analyzer runs after every other analyzer of the suite, so
// that it knows which directives suppressed a finding.
func TestTheDirectiveAnalyzerIsLastAndJudgesEveryOtherAnalyzer(t *testing.T) {
	as := Analyzers()
	last := as[len(as)-1]
	if last.Name != ignore.Name {
		t.Fatalf("last analyzer is %s, want %s", last.Name, ignore.Name)
	}
	if got, want := names(ignore.Judged(last)), names(as[:len(as)-1]); !slices.Equal(got, want) {
		t.Errorf("the directive analyzer judges %v, want %v", got, want)
	}
}

func TestJudgeOnlyLeavesDisabledAnalyzersOutOfTheDirectiveAnalyzer(t *testing.T) {
	as := Analyzers()
	JudgeOnly(as, func(name string) bool { return name != "rowsclose" && name != "ctxquery" })
	got := names(ignore.Judged(as[len(as)-1]))
	if slices.Contains(got, "rowsclose") || slices.Contains(got, "ctxquery") || !slices.Contains(got, "connleak") {
		t.Errorf("JudgeOnly without rowsclose and ctxquery: the directive analyzer judges %v", got)
	}
	if err := analysis.Validate(as); err != nil {
		t.Fatal(err)
	}
}

// Messages are ASCII: a terminal, a CI log or a SARIF viewer in another
// encoding shows them whole. Every string literal of the suite's non-test
// sources is checked, messages and their parts alike.
func TestStringLiteralsOfTheSuiteAreASCII(t *testing.T) {
	for _, root := range []string{"analyzers", "internal"} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				return err
			}
			ast.Inspect(f, func(n ast.Node) bool {
				if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					for _, r := range lit.Value {
						if r > unicode.MaxASCII {
							t.Errorf("%s: string with non-ASCII %q: %s", fset.Position(lit.Pos()), r, lit.Value)
							break
						}
					}
				}
				return true
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// The bundled sqlrowserr follows the suite's test-code policy: an unchecked
// rows.Err in a test neither fails nor hangs the run, so its findings there
// are dropped unless -sqlrowserr.tests is set.
func TestBundledSqlrowserrIsSilentInTestsUnlessAsked(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, testroot.TestData(), bundledSQLRowsErr(), "sqlrowserr/tests")
	// A non-test file named for tests that declares a *testing.T helper
	// holds test code, and its calls do not make startup code request code
	// (commento's testing.go, round 10's R10T-D2 and D1).
	analysistest.Run(t, testroot.TestData(), bundledSQLRowsErr(), "sqlrowserr/helperfile")
	a := bundledSQLRowsErr()
	if err := a.Flags.Set("tests", "true"); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, testroot.TestData(), a, "sqlrowserr/testsflag")
}

// It follows the one-shot policy of rowsclose's rows.Err check too: code
// that runs once per process is left to -sqlrowserr.strict.
func TestBundledSqlrowserrLeavesCodeThatRunsOnceToStrict(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, testroot.TestData(), bundledSQLRowsErr(), "sqlrowserr/oneshot")
	a := bundledSQLRowsErr()
	if err := a.Flags.Set("strict", "true"); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, testroot.TestData(), a, "sqlrowserr/oneshotstrict")
}

// And rowsclose's Commit rule: on PostgreSQL, rows of a transaction begun
// out of sight (a parameter, a callback's) are left to -sqlrowserr.strict;
// rows of the pool are reported.
func TestBundledSqlrowserrLeavesRowsOfATransactionBegunOutOfSightToStrict(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, testroot.TestData(), bundledSQLRowsErr(), "sqlrowserr/commit")
	a := bundledSQLRowsErr()
	if err := a.Flags.Set("strict", "true"); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, testroot.TestData(), a, "sqlrowserr/commitstrict")
}

// And rowsclose's keyset rule: on pgx's stdlib, pages that resume after the
// last row scanned and end only on an empty page lose no error; a load
// that ends on a short page, and the same loop on lib/pq, are reported.
func TestBundledSqlrowserrIsSilentOnKeysetPagesThatResumeFromTheLastRow(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, testroot.TestData(), bundledSQLRowsErr(), "sqlrowserr/resume", "sqlrowserr/resumepq")
}

// The trailing "more than one row?" Next after the only row was read
// (R10VT-D1) is no Next loop: the bundled sqlrowserr does not report it,
// as rowsclose leaves it to -strict; the same check as a loop it reports.
func TestBundledSqlrowserrDoesNotReportTheTrailingOnlyRowCheck(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, testroot.TestData(), bundledSQLRowsErr(), "sqlrowserr/onlyrow")
}
