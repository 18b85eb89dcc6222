// Package dbdriver knows which database driver the pools of a package use,
// without analysis facts: from the opener of a pool (sql.Open's driver name,
// a gorm dialector, a driver's own Open), and, for a package that only
// receives a *sql.DB or *sql.Tx, from what its non-test files import (its
// tests' fixtures say nothing of its pools, and the package and its test
// variant must say the same of its code) or, when it
// imports no driver, from what its module opens: the drivers and dialectors
// that the module's non-test .go files import (a scan of their imports
// only, once per module and process, see modscan). The table of drivers is data in sqlapi
// (lib_sqlite.go, lib_drivers.go).
//
// A driver the package imports only for its value and quoting helpers
// (lib/pq's Array, Int64Array, StringArray, QuoteIdentifier, NullTime: the
// Values of its row) is no evidence: the package counts as importing no
// driver. A blank import, or any other use (pq.NewConnector, pq.CopyIn, a
// *pq.Error), is.
//
// When the drivers come from the module and the module has drivers of more
// than one database (SQLite and PostgreSQL, a store/sqlite3 and a
// store/postgres package), the package's own SQL settles it: the string
// literals of its non-test files that hold an SQL statement. SQLite-only
// syntax (AUTOINCREMENT, INSERT OR REPLACE/IGNORE, PRAGMA, sqlite_master,
// sqlite_sequence, WITHOUT ROWID) and no marker of another dialect: the
// module's SQLite drivers. PostgreSQL-only syntax (a :: cast, ILIKE,
// SERIAL/BIGSERIAL, JSONB, TIMESTAMPTZ, BYTEA, = ANY(, a pg_ catalog name)
// and no SQLite or MySQL marker (AUTO_INCREMENT, ON DUPLICATE KEY,
// ENGINE=): the module's PostgreSQL drivers. Markers of two dialects, or
// none: the module's drivers, unchanged. This is computed once per package,
// on the first question about the drivers, and only for such a module.
//
// Dialect-specific rules ask [Package.OnlySQLite] or [Package.MayBe]; when
// the module imports no driver the suite knows, the driver is unknown and
// both are false.
package dbdriver

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/dbpoollint/dbpoollint/internal/modscan"
	"github.com/dbpoollint/dbpoollint/internal/scope"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// Package is what the pools of one package can be.
type Package struct {
	// Module is the package's module, or nil (GOPATH mode, no go.mod).
	Module *modscan.Module
	// imported are the drivers the package and its module import, which
	// tell which driver a name given to sql.Open is.
	imported []*sqlapi.DriverRow
	// own are the drivers the package's own (non-test) files import; mod
	// those of its module (nil when unknown).
	own, mod []*sqlapi.DriverRow

	// What Drivers reads, on the first question.
	fset  *token.FileSet
	files []*ast.File
	info  *types.Info
	sc    *scope.Package

	once    sync.Once
	drivers []*sqlapi.DriverRow

	// What MayOpen reads, on the first question.
	pkg      *types.Package
	calls    *scope.Package
	consts   *types.Info
	dsnOnce  sync.Once
	dialects map[sqlapi.Dialect]bool // dialects some import opens a DSN of
}

type sharedKey struct{}

// Of returns what the pools of the pass's package can be, computed once per
// package.
func Of(pass *analysis.Pass) *Package {
	return scope.Shared(scope.Of(pass), sharedKey{}, func() *Package { return build(pass) })
}

func build(pass *analysis.Pass) *Package {
	modPath := ""
	if pass.Module != nil {
		modPath = pass.Module.Path
	}
	files := ownFiles(pass.Fset, pass.Files)
	p := &Package{
		Module: modscan.Of(pass.Fset, pass.Files, pass.Pkg.Path(), modPath),
		own:    filesDrivers(files),
		fset:   pass.Fset, files: files, info: pass.TypesInfo, sc: scope.Of(pass),
		pkg: pass.Pkg, calls: scope.Of(pass), consts: pass.TypesInfo,
	}
	// Every import names a driver given to sql.Open, the tests' too.
	p.imported = sqlapi.ImportedDrivers(pass.Pkg)
	for _, d := range p.own {
		if !slices.Contains(p.imported, d) {
			p.imported = append(p.imported, d)
		}
	}
	if p.Module == nil || p.Module.Imports == nil {
		return p // GOPATH mode, or a module too large to scan
	}
	p.mod = moduleDrivers(p.Module)
	for _, d := range p.mod {
		if !slices.Contains(p.imported, d) {
			p.imported = append(p.imported, d)
		}
	}
	return p
}

// Drivers returns the drivers the package's pools can use: those the
// package imports itself when it imports some as drivers (a store/sqlite
// package of a module that also has a store/postgres), else those its
// module imports, narrowed by the dialect of the package's SQL when the
// module has drivers of several databases; empty when unknown.
func (p *Package) Drivers() []*sqlapi.DriverRow {
	p.once.Do(func() {
		for _, d := range p.own {
			if usedAsDriver(p.files, p.info, d) {
				p.drivers = append(p.drivers, d)
			}
		}
		if len(p.drivers) == 0 {
			p.drivers = narrow(p.mod, p.fset, p.sc)
		}
		p.fset, p.files, p.info, p.sc = nil, nil, nil, nil
	})
	return p.drivers
}

// ownFiles returns the package's non-test files, or all its files when it
// has none (an external test package). A package and its test variant are
// checked apart, and their findings in the package's own code must agree
// (the checker prints identical findings once): the drivers a package's
// tests open (an in-memory SQLite fixture) say nothing of the pools of its
// code.
func ownFiles(fset *token.FileSet, files []*ast.File) []*ast.File {
	var own []*ast.File
	for _, f := range files {
		if tf := fset.File(f.FileStart); tf == nil || !strings.HasSuffix(tf.Name(), "_test.go") {
			own = append(own, f)
		}
	}
	if len(own) == 0 {
		return files
	}
	return own
}

// filesDrivers returns the drivers and dialectors the files import, each
// once, in the order of their first import.
func filesDrivers(files []*ast.File) []*sqlapi.DriverRow {
	var ds []*sqlapi.DriverRow
	for _, f := range files {
		for _, imp := range f.Imports {
			path, err := strconv.Unquote(imp.Path.Value)
			if err != nil {
				continue
			}
			if d, ok := sqlapi.DriverOfImport(path); ok && !slices.Contains(ds, d) {
				ds = append(ds, d)
			}
		}
	}
	return ds
}

// usedAsDriver reports whether the package imports d for more than its
// value and quoting helpers (d.Values): a blank or dot import, or a
// reference to anything else of d's package. Methods and fields are not
// judged: their values come from what the package names.
func usedAsDriver(files []*ast.File, info *types.Info, d *sqlapi.DriverRow) bool {
	if len(d.Values) == 0 || info == nil {
		return true
	}
	for _, f := range files {
		for _, imp := range f.Imports {
			if path, err := strconv.Unquote(imp.Path.Value); err != nil || path != d.Pkg {
				continue
			}
			if imp.Name != nil && (imp.Name.Name == "_" || imp.Name.Name == ".") {
				return true
			}
		}
	}
	for id, obj := range info.Uses {
		pkg := obj.Pkg()
		if pkg == nil || pkg.Path() != d.Pkg || pkg.Scope().Lookup(obj.Name()) != obj {
			continue // another package's, or a method or field
		}
		if !inFiles(files, id.Pos()) {
			continue // a use in a test file of the test variant
		}
		if !slices.Contains(d.Values, obj.Name()) {
			return true
		}
	}
	return false
}

// inFiles reports whether pos is in one of the files.
func inFiles(files []*ast.File, pos token.Pos) bool {
	for _, f := range files {
		if f.FileStart <= pos && pos < f.FileEnd {
			return true
		}
	}
	return false
}

// moduleDrivers returns the drivers and dialectors the module's non-test
// files import, in the order of their packages' paths.
func moduleDrivers(m *modscan.Module) []*sqlapi.DriverRow {
	found := make(map[*sqlapi.DriverRow]bool)
	for p := range m.Imports {
		if row, ok := sqlapi.DriverOfImport(p); ok {
			found[row] = true
		}
	}
	drivers := []*sqlapi.DriverRow{}
	for row := range found {
		drivers = append(drivers, row)
	}
	slices.SortFunc(drivers, func(a, b *sqlapi.DriverRow) int { return strings.Compare(a.Pkg, b.Pkg) })
	return drivers
}

// MayOpen reports whether a DSN of dialect d can reach a connection of d:
// false only when the module's non-test files were all scanned and neither
// they nor the package's imports, direct or transitive, import a package
// that opens a connection of d from a DSN (sqlapi.DSNDialectOfImport), and
// the package gives no opener a driver name of d (sql.Open("postgres", ...)
// in a program that links its driver where the package cannot see it). An
// unknown dialect, or a module that could not be scanned, may.
func (p *Package) MayOpen(d sqlapi.Dialect) bool {
	if d == sqlapi.UnknownDialect || p.Module == nil || p.Module.Imports == nil {
		return true
	}
	p.dsnOnce.Do(func() {
		p.dialects = make(map[sqlapi.Dialect]bool)
		for path := range p.Module.Imports {
			if x, ok := sqlapi.DSNDialectOfImport(path); ok {
				p.dialects[x] = true
			}
		}
		if p.pkg == nil {
			return
		}
		seen := map[*types.Package]bool{p.pkg: true}
		stack := []*types.Package{p.pkg}
		for len(stack) > 0 {
			q := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if x, ok := sqlapi.DSNDialectOfImport(q.Path()); ok {
				p.dialects[x] = true
			}
			for _, imp := range q.Imports() {
				if !seen[imp] {
					seen[imp] = true
					stack = append(stack, imp)
				}
			}
		}
		p.pkg = nil
		// A driver name the package gives an opener (sql.Open("postgres",
		// ...)): the program links that driver in where this package
		// cannot see it (a build tag, the main package of another module).
		for _, c := range p.calls.Calls() {
			if !c.Resolved {
				continue
			}
			o, ok := sqlapi.OpenerOf(c.Call)
			if !ok || o.Driver < 0 || o.Driver >= len(c.Call.Args) {
				continue
			}
			tv := p.consts.Types[c.Call.Args[o.Driver]]
			if tv.Value == nil || tv.Value.Kind() != constant.String {
				continue
			}
			for _, row := range sqlapi.DriversNamed(constant.StringVal(tv.Value)) {
				p.dialects[row.Dialect] = true
			}
		}
		p.calls, p.consts = nil, nil
	})
	return p.dialects[d]
}

// OnlySQLite reports whether every driver the package's pools can use is
// SQLite's (and at least one is known).
func (p *Package) OnlySQLite() bool {
	return p.Only((*sqlapi.DriverRow).IsSQLite)
}

// Only reports whether every driver the package's pools can use satisfies
// is (and at least one is known): Only(func(d) bool { return
// d.FirstRowInQuery }) for pgx's stdlib alone.
func (p *Package) Only(is func(*sqlapi.DriverRow) bool) bool {
	ds := p.Drivers()
	if len(ds) == 0 {
		return false
	}
	for _, d := range ds {
		if !is(d) {
			return false
		}
	}
	return true
}

// MayBe reports whether one of the drivers the package's pools can use
// satisfies is.
func (p *Package) MayBe(is func(*sqlapi.DriverRow) bool) bool {
	return slices.ContainsFunc(p.Drivers(), is)
}

// Version returns the version of the driver's module the package's go.mod
// requires, or "".
func (p *Package) Version(d *sqlapi.DriverRow) string {
	if d == nil {
		return ""
	}
	return p.Module.Version(d.Module)
}

// Opening is a call that opens a pool (or makes a gorm dialector) with a
// known driver.
type Opening struct {
	Driver *sqlapi.DriverRow
	// DSN is the connection-string argument.
	DSN ast.Expr
	// Pool is the call that opens the pool (sql.Open, gorm.Open, ncruces'
	// driver.Open), or nil for a dialector's Open whose pool is opened
	// elsewhere.
	Pool *ast.CallExpr
}

// Opens returns the driver and DSN of a call that opens a pool: sql.Open
// and the other openers taking a driver name (when exactly one driver the
// package or its module imports registers it), gorm.Open given a
// dialector's Open(dsn), a dialector's Open(dsn) itself, ncruces'
// driver.Open(dsn).
func (p *Package) Opens(pass *analysis.Pass, res *sqlapi.Resolver, c sqlapi.Call) (Opening, bool) {
	if c.Func == nil || c.Func.Pkg() == nil || c.Recv != nil {
		return Opening{}, false
	}
	if d, ok := sqlapi.DriverOfImport(c.Func.Pkg().Path()); ok && len(c.Args) > 0 {
		if d.Dialector && c.Func.Name() == "Open" {
			return Opening{Driver: d, DSN: c.Args[0]}, true
		}
		if d.Opener != "" && c.Func.Name() == d.Opener {
			return Opening{Driver: d, DSN: c.Args[0], Pool: c.Expr}, true
		}
		return Opening{}, false
	}
	o, ok := sqlapi.OpenerOf(c)
	if !ok {
		return Opening{}, false
	}
	if o.Driver >= 0 && o.DSN >= 0 && o.Driver < len(c.Args) && o.DSN < len(c.Args) {
		tv := pass.TypesInfo.Types[c.Args[o.Driver]]
		if tv.Value == nil || tv.Value.Kind() != constant.String {
			return Opening{}, false
		}
		var found *sqlapi.DriverRow
		for _, d := range sqlapi.DriversNamed(constant.StringVal(tv.Value)) {
			if !p.imports(d) {
				continue
			}
			if found != nil && found.SQLite != d.SQLite {
				return Opening{}, false // two drivers register the name
			}
			found = d
		}
		if found == nil {
			return Opening{}, false
		}
		return Opening{Driver: found, DSN: c.Args[o.DSN], Pool: c.Expr}, true
	}
	if c.IsFunc(sqlapi.Gorm, "Open") && len(c.Args) > 0 {
		inner, ok := ast.Unparen(c.Args[0]).(*ast.CallExpr)
		if !ok {
			return Opening{}, false
		}
		ic, ok := res.Resolve(inner)
		if !ok {
			return Opening{}, false
		}
		if op, ok := p.Opens(pass, res, ic); ok && op.Pool == nil {
			op.Pool = c.Expr
			return op, true
		}
	}
	return Opening{}, false
}

// imports reports whether the package or its module imports the driver, or
// a dialector that opens it.
func (p *Package) imports(d *sqlapi.DriverRow) bool {
	for _, x := range p.imported {
		if x == d || x.Module == d.Module && x.SQLite == d.SQLite && x.Dialect == d.Dialect {
			return true
		}
	}
	return false
}
