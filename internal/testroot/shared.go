package testroot

import (
	"fmt"
	"regexp"
	"sync"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

// Load is one analysistest.Run over many testdata packages, shared by the
// tests that check them: analysistest type-checks every dependency, the
// standard library included, from source on each Run, so one load for a
// package's cases under the same settings costs a fraction of one per
// test. Each test checks its own packages: the want mismatches reported
// in their files, and the length of their messages.
type Load struct {
	// Analyzer makes the analyzer; Pkgs are the packages of the load.
	Analyzer func() *analysis.Analyzer
	Pkgs     []string
	// Fixes runs analysistest.RunWithSuggestedFixes: every fix is checked
	// against the .golden files too.
	Fixes bool

	once    sync.Once
	rec     recorder
	results []*analysistest.Result
}

// recorder keeps what analysistest reports, for Check to attribute.
type recorder struct {
	mu   sync.Mutex
	errs []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

// Check runs the load (once for all tests) and reports, on t, what it found
// wrong in the files of pkgs, and errors that name no file.
func (l *Load) Check(t *testing.T, pkgs ...string) {
	t.Helper()
	l.once.Do(func() {
		run := analysistest.Run
		if l.Fixes {
			run = analysistest.RunWithSuggestedFixes
		}
		l.results = run(&l.rec, TestData(), l.Analyzer(), l.Pkgs...)
	})
	known := make(map[string]bool)
	for _, p := range l.Pkgs {
		known[p] = true
	}
	var mine []*regexp.Regexp
	for _, p := range pkgs {
		if !known[p] {
			t.Fatalf("package %s is not in the shared load", p)
		}
		mine = append(mine, regexp.MustCompile(regexp.QuoteMeta(p)+`/[^/]+\.go\b`))
	}
	anyFile := regexp.MustCompile(`\.go\b`)
	for _, e := range l.rec.errs {
		for _, re := range mine {
			if re.MatchString(e) {
				t.Error(e)
				break
			}
		}
		if !anyFile.MatchString(e) {
			t.Error(e) // a load error: every test of the load reports it
		}
	}
	var results []*analysistest.Result
	for _, r := range l.results {
		if r.Pass == nil || r.Pass.Pkg == nil {
			continue // the package did not load: its errors are reported above
		}
		for _, p := range pkgs {
			if r.Pass.Pkg.Path() == p {
				results = append(results, r)
			}
		}
	}
	if len(results) < len(pkgs) {
		t.Errorf("the shared load analyzed %d of the packages %v", len(results), pkgs)
	}
	MessagesFit(t, results)
}
