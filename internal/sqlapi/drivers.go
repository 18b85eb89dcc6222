package sqlapi

import (
	"go/types"
	"slices"
)

// This file answers which driver an import or a registered name is, from
// the rows of lib_sqlite.go and lib_drivers.go.

// DriverRow is a package whose import makes a database driver available:
// a database/sql driver, or a gorm dialector (which imports one).
type DriverRow struct {
	// Pkg is the import path; Module the path of its module, whose version
	// in go.mod selects the facts that changed between releases.
	Pkg, Module string
	// Title names the driver in messages.
	Title string
	// Names are the names it registers with database/sql.
	Names []string
	// Dialect is the database, for the network ones.
	Dialect Dialect
	// SQLite is set for a SQLite driver: what it reads from a DSN.
	SQLite *SQLiteDSN
	// Busy is set when a connection refuses a statement while the rows of
	// another are unread (go-sql-driver's "busy buffer", pgx's "conn busy",
	// lib/pq's "unexpected message").
	Busy bool
	// FirstRowInQuery is set when the driver's QueryContext reads the
	// result up to its first row before it returns, and returns any error
	// met on the way (pgx's stdlib, v4 and v5: it preloads the first row to
	// learn the columns). A first Next that returns false then carries no
	// error: the result was empty.
	FirstRowInQuery bool
	// Dialector is set for a gorm dialector: its Open(dsn) takes the DSN.
	Dialector bool
	// Opener names a function of Pkg that opens a *sql.DB from a DSN (its
	// first argument), or "".
	Opener string
	// Values name the package-level functions and types of Pkg that build
	// or quote values (lib/pq's Array, QuoteIdentifier, NullTime): a
	// package that refers to nothing else of Pkg, and imports it neither
	// blank nor with a dot, uses it for its values, which is no evidence
	// that its pools are this driver's.
	Values []string
}

// drivers is every driver and dialector the suite knows.
var drivers = slices.Concat(sqliteDrivers, networkDrivers)

// driversByPkg indexes drivers by import path.
var driversByPkg = func() map[string]*DriverRow {
	m := make(map[string]*DriverRow, len(drivers))
	for i := range drivers {
		m[drivers[i].Pkg] = &drivers[i]
	}
	return m
}()

// DriverOfImport returns the driver or dialector whose import path is path.
func DriverOfImport(path string) (*DriverRow, bool) {
	d, ok := driversByPkg[path]
	return d, ok
}

// DriversNamed returns the drivers that register name with database/sql.
func DriversNamed(name string) []*DriverRow {
	var ds []*DriverRow
	for i := range drivers {
		d := &drivers[i]
		if d.Dialector {
			continue
		}
		for _, n := range d.Names {
			if n == name {
				ds = append(ds, d)
			}
		}
	}
	return ds
}

// NativePostgres reports whether the class is a handle of pgx's own API
// (not database/sql over pgx): its driver is pgx, whatever the module
// imports.
func NativePostgres(c *Class) bool {
	if c == nil {
		return false
	}
	switch c.Pkg {
	case PgxV5, PgxPoolV5, PgconnV5, PgxV4, PgxPoolV4:
		return true
	}
	return false
}

// ImportedDrivers returns the drivers and dialectors among the package's
// direct imports.
func ImportedDrivers(pkg *types.Package) []*DriverRow {
	var ds []*DriverRow
	for _, imp := range pkg.Imports() {
		if d, ok := DriverOfImport(imp.Path()); ok {
			ds = append(ds, d)
		}
	}
	return ds
}

// dsnOpeners are packages other than the driver rows that open a
// connection of a dialect from a DSN: pgx's native API, pgconn, gorm v1's
// dialects (each imports its driver), bun's and go-pg's PostgreSQL clients.
var dsnOpeners = map[string]Dialect{
	PgxV5:                     Postgres,
	PgxPoolV5:                 Postgres,
	PgconnV5:                  Postgres,
	PgxV4:                     Postgres,
	PgxPoolV4:                 Postgres,
	"github.com/jackc/pgconn": Postgres,
	"github.com/jackc/pgx":    Postgres,
	"github.com/jinzhu/gorm/dialects/postgres": Postgres,
	"github.com/jinzhu/gorm/dialects/mysql":    MySQL,
	"github.com/jinzhu/gorm/dialects/mssql":    SQLServer,
	"github.com/uptrace/bun/driver/pgdriver":   Postgres,
	"github.com/go-pg/pg":                      Postgres,
	"github.com/go-pg/pg/v9":                   Postgres,
	"github.com/go-pg/pg/v10":                  Postgres,
}

// DSNDialectOfImport returns the dialect of the connections a package opens
// from a DSN: a network driver's or dialector's (lib_drivers.go), or one of
// pgx's native packages, gorm v1's dialects, bun's pgdriver, go-pg. A DSN of
// a dialect that no imported package opens reaches no database.
func DSNDialectOfImport(path string) (Dialect, bool) {
	if d, ok := DriverOfImport(path); ok && d.Dialect != UnknownDialect {
		return d.Dialect, true
	}
	d, ok := dsnOpeners[path]
	return d, ok
}
