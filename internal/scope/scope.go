// Package scope decides, once per package, whether the suite analyzes it,
// and gives the suite's analyzers what they share for that package: one
// syntax index, one call resolver, one flow layer, and the results computed
// once per package from them (the lifecycle of every handle), all built only
// for the packages it analyzes.
//
// Every analyzer of the suite requires [Analyzer] instead of
// golang.org/x/tools/go/analysis/passes/inspect: inspect builds an inspector
// for every package, and the driver keeps it to the end of the run (about
// 150 MB over the standard library), whereas a package that reaches neither
// database/sql nor a driver the suite knows should cost nothing.
//
// Generated files (a "// Code generated ... DO NOT EDIT." comment, as
// ast.IsGenerated reads it) are analyzed as context, since a handwritten
// function may call a generated one, but no analyzer reports in them: a fix
// there would be overwritten, and the mistake belongs to the generator or
// its input.
package scope

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/dbpoollint/dbpoollint/internal/flow"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// Package is the result of [Analyzer] for one package: whether the suite
// analyzes it, and the per-package indexes its analyzers share.
type Package struct {
	// Reaches reports whether the package imports, directly or transitively,
	// database/sql or a pool or driver package the suite knows
	// (sqlapi.Reaches).
	Reaches bool

	fset      *token.FileSet
	pkg       *types.Package
	info      *types.Info
	files     []*ast.File
	res       *sqlapi.Resolver
	inMu      sync.Mutex
	in        *inspector.Inspector
	flowMu    sync.Mutex
	flow      *flow.Package
	callsMu   sync.Mutex
	calls     []Call
	callsDone bool
	genOnce   sync.Once
	generated []*token.File

	mu   sync.Mutex
	memo map[any]*memoEntry
}

type memoEntry struct {
	once sync.Once
	v    any
}

// Inspector returns the package's inspector, building it on the first call.
// Analyzers of one package may run concurrently: it is safe for that.
func (p *Package) Inspector() *inspector.Inspector {
	p.inMu.Lock()
	defer p.inMu.Unlock()
	if p.in == nil {
		p.in = inspector.New(p.files)
	}
	return p.in
}

// Call is one call expression of the package, with its cursor and, when
// Resolved, its callee.
type Call struct {
	Cur      inspector.Cursor
	Expr     *ast.CallExpr
	Call     sqlapi.Call
	Resolved bool
}

// Calls returns every call expression of the package in source order, each
// resolved once for all the suite's analyzers, which then filter the list
// rather than walk the syntax again.
func (p *Package) Calls() []Call {
	p.callsMu.Lock()
	defer p.callsMu.Unlock()
	if !p.callsDone {
		for cur := range p.Inspector().Root().Preorder((*ast.CallExpr)(nil)) {
			e := cur.Node().(*ast.CallExpr)
			c, ok := p.res.Resolve(e)
			p.calls = append(p.calls, Call{Cur: cur, Expr: e, Call: c, Resolved: ok})
		}
		p.callsDone = true
	}
	return p.calls
}

// Resolver returns the package's call resolver (sqlapi), shared by the
// suite's analyzers.
func (p *Package) Resolver() *sqlapi.Resolver { return p.res }

// Flow returns the package's flow layer, building its index on first use.
func (p *Package) Flow() *flow.Package {
	p.flowMu.Lock()
	defer p.flowMu.Unlock()
	if p.flow == nil {
		res := p.res
		p.flow = flow.New(p.fset, p.pkg, p.info, p.Inspector(), func(call *ast.CallExpr) *types.Func {
			if c, ok := res.Resolve(call); ok {
				return c.Func
			}
			return nil
		})
	}
	return p.flow
}

// Release drops the package's indexes and shared results once every
// analyzer of the suite is done with the package (the directive analyzer,
// which runs last, calls it): the driver keeps every package's results to
// the end of the run, and these would otherwise stay alive with them. A
// later call of an accessor builds them anew.
func (p *Package) Release() {
	p.callsMu.Lock()
	p.calls, p.callsDone = nil, false
	p.callsMu.Unlock()
	p.flowMu.Lock()
	p.flow = nil
	p.flowMu.Unlock()
	p.inMu.Lock()
	p.in = nil
	p.inMu.Unlock()
	p.mu.Lock()
	p.memo = nil
	p.mu.Unlock()
}

// Generated reports whether pos is in a generated file, where the suite
// reports nothing.
func (p *Package) Generated(pos token.Pos) bool {
	p.genOnce.Do(func() {
		for _, f := range p.files {
			if ast.IsGenerated(f) {
				if tf := p.fset.File(f.FileStart); tf != nil {
					p.generated = append(p.generated, tf)
				}
			}
		}
	})
	for _, f := range p.generated {
		if f.Base() <= int(pos) && int(pos) <= f.Base()+f.Size() {
			return true
		}
	}
	return false
}

// Shared returns the value build computes for key, computing it once per
// package however many analyzers ask: a result derived from the shared
// indexes (the lifecycle of every handle) that each analyzer then filters.
// key is a comparable value of a type private to the package that owns the
// result.
func Shared[T any](p *Package, key any, build func() T) T {
	p.mu.Lock()
	if p.memo == nil {
		p.memo = make(map[any]*memoEntry)
	}
	e, ok := p.memo[key]
	if !ok {
		e = new(memoEntry)
		p.memo[key] = e
	}
	p.mu.Unlock()
	e.once.Do(func() { e.v = build() })
	return e.v.(T)
}

// Analyzer computes a [*Package] for each package. It declares no facts and
// reports nothing.
var Analyzer = &analysis.Analyzer{
	Name:       "dbpoollintscope",
	Doc:        "decide whether dbpoollint analyzes a package, and index its syntax only if so",
	URL:        "https://github.com/dbpoollint/dbpoollint",
	ResultType: reflect.TypeFor[*Package](),
	Run: func(pass *analysis.Pass) (any, error) {
		p := &Package{
			Reaches: sqlapi.Reaches(pass.Pkg),
			fset:    pass.Fset,
			pkg:     pass.Pkg,
			info:    pass.TypesInfo,
			files:   pass.Files,
		}
		p.res = sqlapi.WithInspector(pass.TypesInfo, pass.Files, p.Inspector) // scans nothing until asked
		return p, nil
	},
}

// Of returns the scope.Package computed for the pass's package. The pass's
// analyzer must require [Analyzer].
func Of(pass *analysis.Pass) *Package {
	return pass.ResultOf[Analyzer].(*Package)
}
