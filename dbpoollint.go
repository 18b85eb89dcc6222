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
	"github.com/dbpoollint/dbpoollint/internal/ignore"
	"github.com/dbpoollint/dbpoollint/internal/scope"
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
// do not affect another.
func Analyzers() []*analysis.Analyzer {
	as := make([]*analysis.Analyzer, 0, len(suite)+1)
	names := make([]string, 0, len(suite))
	for _, newAnalyzer := range suite {
		a := newAnalyzer()
		as = append(as, a)
		names = append(names, a.Name)
	}
	return append(as, ignore.NewAnalyzer(names))
}

// bundledSQLRowsErr is x/tools' sqlrowserr, its logic unchanged. The suite
// adds the //dbpoollint:ignore directive, and computes its prerequisites
// (inspect, typeindex) only for the packages it analyzes: required directly,
// they would index every package of the run, database/sql or not.
func bundledSQLRowsErr() *analysis.Analyzer {
	orig := sqlrowserr.Analyzer
	run := ignore.Wrap(orig.Run)
	return &analysis.Analyzer{
		Name:     orig.Name,
		Doc:      orig.Doc,
		URL:      orig.URL,
		Requires: []*analysis.Analyzer{scope.Analyzer},
		Run: func(pass *analysis.Pass) (any, error) {
			pkg := scope.Of(pass)
			if !pkg.Reaches {
				return nil, nil
			}
			known := map[*analysis.Analyzer]any{inspect.Analyzer: pkg.Inspector()}
			results, err := prerequisites(pass, orig, known)
			if err != nil {
				return nil, err
			}
			sub := *pass
			sub.ResultOf = results
			return run(&sub)
		},
	}
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
