// Package dbpoollint is a suite of analyzers that find the database/sql
// mistakes that take services down: an unlimited pool, handles that pin
// pooled connections, queries no deadline can cancel, DSNs assembled from
// values, and pools opened per request.
//
// [Analyzers] is the suite, the one list that cmd/dbpoollint and the
// golangci-lint module plugin ([New]) both take.
package dbpoollint

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/sqlrowserr"

	"github.com/dbpoollint/dbpoollint/analyzers/connleak"
	"github.com/dbpoollint/dbpoollint/analyzers/ctxquery"
	"github.com/dbpoollint/dbpoollint/analyzers/dsninject"
	"github.com/dbpoollint/dbpoollint/analyzers/maxopenzero"
	"github.com/dbpoollint/dbpoollint/analyzers/rowsclose"
	"github.com/dbpoollint/dbpoollint/analyzers/singledb"
	"github.com/dbpoollint/dbpoollint/internal/ignore"
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

// bundledSQLRowsErr is x/tools' sqlrowserr, unchanged but for the suite's
// plumbing: the //dbpoollint:ignore directive and the early return on
// packages that do not reach database/sql.
func bundledSQLRowsErr() *analysis.Analyzer {
	orig := sqlrowserr.Analyzer
	a := *orig
	run := ignore.Wrap(orig.Run)
	a.Run = func(pass *analysis.Pass) (any, error) {
		if !sqlapi.Reaches(pass.Pkg) {
			return nil, nil
		}
		return run(pass)
	}
	return &a
}
