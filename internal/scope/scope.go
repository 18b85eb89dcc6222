// Package scope decides, once per package, whether the suite analyzes it,
// and gives the suite's analyzers one shared syntax index, built only for the
// packages it analyzes.
//
// Every analyzer of the suite requires [Analyzer] instead of
// golang.org/x/tools/go/analysis/passes/inspect: inspect builds an inspector
// for every package, and the driver keeps it to the end of the run (about
// 150 MB over the standard library), whereas a package that reaches neither
// database/sql nor a driver the suite knows should cost nothing.
package scope

import (
	"go/ast"
	"reflect"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// Package is the result of [Analyzer] for one package: whether the suite
// analyzes it, and the per-package indexes its analyzers share.
type Package struct {
	// Reaches reports whether the package imports, directly or transitively,
	// database/sql or a pool or driver package the suite knows
	// (sqlapi.Reaches).
	Reaches bool

	files []*ast.File
	once  sync.Once
	in    *inspector.Inspector
	res   *sqlapi.Resolver
}

// Inspector returns the package's inspector, building it on the first call.
// Analyzers of one package may run concurrently: it is safe for that.
func (p *Package) Inspector() *inspector.Inspector {
	p.once.Do(func() { p.in = inspector.New(p.files) })
	return p.in
}

// Resolver returns the package's call resolver (sqlapi), shared by the
// suite's analyzers.
func (p *Package) Resolver() *sqlapi.Resolver { return p.res }

// Analyzer computes a [*Package] for each package. It declares no facts and
// reports nothing.
var Analyzer = &analysis.Analyzer{
	Name:       "dbpoollintscope",
	Doc:        "decide whether dbpoollint analyzes a package, and index its syntax only if so",
	URL:        "https://github.com/dbpoollint/dbpoollint",
	ResultType: reflect.TypeFor[*Package](),
	Run: func(pass *analysis.Pass) (any, error) {
		return &Package{
			Reaches: sqlapi.Reaches(pass.Pkg),
			files:   pass.Files,
			res:     sqlapi.NewResolver(pass.TypesInfo, pass.Files), // scans nothing until asked
		}, nil
	},
}

// Of returns the scope.Package computed for the pass's package. The pass's
// analyzer must require [Analyzer].
func Of(pass *analysis.Pass) *Package {
	return pass.ResultOf[Analyzer].(*Package)
}
