// Package dbpoollint is a suite of analyzers that find the database/sql
// mistakes that take services down: an unlimited pool, handles that pin
// pooled connections, queries no deadline can cancel, DSNs assembled from
// values, pools opened per request, and functions that hold a connection
// while they ask the same pool for another.
//
// [Analyzers] is the suite, the one list that cmd/dbpoollint and the
// golangci-lint module plugin ([New]) both take.
package dbpoollint

import (
	"fmt"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/analysis/passes/sqlrowserr"

	"github.com/dbpoollint/dbpoollint/analyzers/connleak"
	"github.com/dbpoollint/dbpoollint/analyzers/ctxquery"
	"github.com/dbpoollint/dbpoollint/analyzers/dsninject"
	"github.com/dbpoollint/dbpoollint/analyzers/maxopenzero"
	"github.com/dbpoollint/dbpoollint/analyzers/pooldeadlock"
	"github.com/dbpoollint/dbpoollint/analyzers/rowsclose"
	"github.com/dbpoollint/dbpoollint/analyzers/singledb"
	"github.com/dbpoollint/dbpoollint/internal/analyzerdoc"
	"github.com/dbpoollint/dbpoollint/internal/ignore"
	"github.com/dbpoollint/dbpoollint/internal/reqscope"
	"github.com/dbpoollint/dbpoollint/internal/scope"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// suite lists the constructors of the suite's analyzers. Each call builds a
// fresh analyzer with its own flags.
var suite = []func() *analysis.Analyzer{
	maxopenzero.New,
	ctxquery.New,
	dsninject.New,
	singledb.New,
	rowsclose.New,
	connleak.New,
	pooldeadlock.New,
	bundledSQLRowsErr,
}

// Analyzers returns a fresh instance of every analyzer of the suite, the
// directive analyzer last. Instances share no mutable state: flags set on one
// do not affect another. The directive analyzer requires every other
// analyzer of the suite, so that it runs after them and reports the
// //dbpoollint:ignore directives that suppressed none of their findings; see
// [JudgeOnly] for a suite with some analyzers turned off.
func Analyzers() []*analysis.Analyzer {
	checks := make([]*analysis.Analyzer, 0, len(suite)+1)
	names := make([]string, 0, len(suite))
	for _, newAnalyzer := range suite {
		a := newAnalyzer()
		checks = append(checks, a)
		names = append(names, a.Name)
	}
	directive := ignore.NewAnalyzer(names, checks...)
	// Every analyzer records in the package's directive set which
	// directives suppressed its findings (ignore.Wrap, which each
	// analyzer's Run goes through, reads it from ResultOf). The set is this
	// suite's own: its settings (honor-nolint) are this suite's flags.
	set := ignore.DirectivesOf(directive)
	for _, a := range checks {
		a.Requires = append(a.Requires, set)
	}
	return append(checks, directive)
}

// JudgeOnly makes the directive analyzer of the suite as (from [Analyzers])
// judge, and require, only the analyzers for which enabled returns true. A
// driver that turns analyzers off calls it before running the suite: a
// directive naming an analyzer that does not run is not reported as unused,
// and the analyzer is not run only to judge its directives.
func JudgeOnly(as []*analysis.Analyzer, enabled func(name string) bool) {
	var judged []*analysis.Analyzer
	var directive *analysis.Analyzer
	for _, a := range as {
		switch {
		case a.Name == ignore.Name:
			directive = a
		case enabled(a.Name):
			judged = append(judged, a)
		}
	}
	if directive != nil {
		ignore.JudgeOnly(directive, judged)
	}
}

// callsSQLQuery reports whether the package calls one of the methods whose
// rows sqlrowserr checks: Query or QueryContext of database/sql's Conn, DB,
// Stmt or Tx (promoted ones included).
func callsSQLQuery(pkg *scope.Package) bool {
	for _, c := range pkg.Calls() {
		if !c.Resolved || c.Call.Recv == nil {
			continue
		}
		if name := c.Call.Name(); name != "Query" && name != "QueryContext" {
			continue
		}
		for _, t := range [...]string{"Conn", "DB", "Stmt", "Tx"} {
			if c.Call.IsMethod(sqlapi.SQL, t, c.Call.Name()) {
				return true
			}
		}
	}
	return false
}

// bundledSQLRowsErr is x/tools' sqlrowserr, its logic unchanged. The suite
// adds the //dbpoollint:ignore directive, and computes its prerequisites
// (inspect, typeindex) only for the packages it analyzes: required directly,
// they would index every package of the run, database/sql or not. Its
// findings in test code are dropped unless -sqlrowserr.tests is set, by the
// suite's test-code policy (internal/testrun): an unchecked rows.Err in a
// test can neither fail nor hang the run, and the test checks what it read.
// Its findings in code that runs once per process (reqscope's OneShot) are
// dropped unless -sqlrowserr.strict is set, as rowsclose's are. Its
// findings on keyset pages that resume after the last row read
// (rowsclose.ResumesFromLastRow) are dropped: nothing is lost there.
func bundledSQLRowsErr() *analysis.Analyzer {
	orig := sqlrowserr.Analyzer
	tests, strict := new(bool), new(bool)
	a := &analysis.Analyzer{
		Name: orig.Name,
		// x/tools starts its Doc with "sqlrowserr: "; the suite's docs start
		// with the title alone, which `dbpoollint help` lists after the name.
		Doc:      strings.TrimPrefix(orig.Doc, orig.Name+": "),
		URL:      analyzerdoc.PageURL(orig.Name),
		Requires: []*analysis.Analyzer{scope.Analyzer},
		// Wrapped here, on the pass the driver gives, whose ResultOf holds
		// the package's directive set.
		Run: ignore.Wrap(func(pass *analysis.Pass) (any, error) {
			pkg := scope.Of(pass)
			if !pkg.Reaches || !callsSQLQuery(pkg) {
				return nil, nil // nothing sqlrowserr looks at: no type index to build
			}
			known := map[*analysis.Analyzer]any{inspect.Analyzer: pkg.Inspector()}
			results, err := prerequisites(pass, orig, known)
			if err != nil {
				return nil, err
			}
			sub := *pass
			sub.ResultOf = results
			fl := pkg.Flow()
			once := reqscope.OneShotOf(pass)
			sub.Report = func(d analysis.Diagnostic) {
				if !*tests && fl.ForTests(d.Pos) {
					return
				}
				if !*strict {
					if cur, ok := pkg.Inspector().Root().FindByPos(d.Pos, d.End); ok && once.At(cur) {
						return // code that runs once: a one-off read mislabelled (-strict)
					}
					if rowsclose.SurfacesAtCommit(pass, d.Pos) {
						return // the transaction's checked Commit fails with it (-strict)
					}
				}
				if rowsclose.ResumesFromLastRow(pass, d.Pos) {
					return // keyset pages resuming after the last row read: nothing is lost
				}
				pass.Report(d)
			}
			return orig.Run(&sub)
		}),
	}
	a.Flags.BoolVar(tests, "tests", false,
		"also report in test code (_test.go files, functions taking a *testing.T, test harness packages), where the test checks what it read")
	a.Flags.BoolVar(strict, "strict", false,
		"also report in code that runs once per process (main, init, migrations, CLI commands), and rows of a PostgreSQL transaction whose Commit surfaces their error (begun here with a checked Commit, or begun out of sight), as rowsclose's -strict does")
	return a
}

// prerequisites runs the analyzers a requires, recursively, on pass's
// package, reusing the results in known, and returns a's ResultOf. They must
// declare no facts (TestBundledAnalyzersNeedNoFacts) and report nothing.
func prerequisites(pass *analysis.Pass, a *analysis.Analyzer, known map[*analysis.Analyzer]any) (map[*analysis.Analyzer]any, error) {
	results := make(map[*analysis.Analyzer]any, len(a.Requires))
	for _, req := range a.Requires {
		r, ok := known[req]
		if !ok {
			reqResults, err := prerequisites(pass, req, known)
			if err != nil {
				return nil, err
			}
			sub := *pass
			sub.Analyzer = req
			sub.ResultOf = reqResults
			sub.Report = func(analysis.Diagnostic) {}
			if r, err = req.Run(&sub); err != nil {
				return nil, fmt.Errorf("%s: %w", req.Name, err)
			}
			known[req] = r
		}
		results[req] = r
	}
	return results, nil
}
