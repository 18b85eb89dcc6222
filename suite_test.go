package dbpoollint

import (
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/sqlrowserr"

	"github.com/dbpoollint/dbpoollint/internal/scope"
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
// whole suite (DESIGN.md, "Cost"; bench/RESULTS.md).
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
// package's syntax only when the suite analyzes it.
func TestEveryAnalyzerRequiresOnlyTheScopeGate(t *testing.T) {
	for _, a := range Analyzers() {
		if len(a.Requires) != 1 || a.Requires[0] != scope.Analyzer {
			var names []string
			for _, r := range a.Requires {
				names = append(names, r.Name)
			}
			t.Errorf("%s requires %v, want only %s", a.Name, names, scope.Analyzer.Name)
		}
	}
}
