// Package sqlapi knows what database/sql and the wrappers users build on it
// look like, and answers questions about them by types, never by printed
// names: which handle a type is (through pointers, aliases and embedding),
// which function or method a call reaches (directly, promoted through an
// embedded field, through a method value or a method expression, or through an
// interface or a type parameter's constraint), which method is the Context twin
// of another, which calls open a pool and which take a DSN.
//
// Every analyzer of the suite starts with [Reaches]: a package that cannot see
// database/sql or one of the drivers and wrappers listed here costs nothing.
package sqlapi

import (
	"go/types"
	"sync"
)

// Package paths of the APIs this package knows.
const (
	SQL          = "database/sql"
	Sqlx         = "github.com/jmoiron/sqlx"
	PgxV5        = "github.com/jackc/pgx/v5"
	PgxPoolV5    = "github.com/jackc/pgx/v5/pgxpool"
	PgxStdlibV5  = "github.com/jackc/pgx/v5/stdlib"
	PgconnV5     = "github.com/jackc/pgx/v5/pgconn"
	PgxV4        = "github.com/jackc/pgx/v4"
	PgxPoolV4    = "github.com/jackc/pgx/v4/pgxpool"
	PgxStdlibV4  = "github.com/jackc/pgx/v4/stdlib"
	GormV1       = "github.com/jinzhu/gorm"
	MySQLDriver  = "github.com/go-sql-driver/mysql"
	PQ           = "github.com/lib/pq"
	Gorm         = "gorm.io/gorm"
	GormMySQL    = "gorm.io/driver/mysql"
	GormPostgres = "gorm.io/driver/postgres"
	Bun          = "github.com/uptrace/bun"
	// Squirrel is a query builder: RunWith(runner) names the pool or
	// transaction its Query runs on.
	Squirrel = "github.com/Masterminds/squirrel"
)

// Reaches reports whether pkg imports, directly or transitively,
// database/sql or one of the pool and driver packages this package knows
// (the Roots of its libraries). Analyzers return at once on packages for
// which it is false.
func Reaches(pkg *types.Package) bool { return ReachesAny(pkg, index.roots) }

// ReachesAny reports whether pkg is, or imports directly or transitively,
// one of the packages of paths.
func ReachesAny(pkg *types.Package, paths map[string]bool) bool {
	if pkg == nil {
		return false
	}
	if paths[pkg.Path()] {
		return true
	}
	seen := make(map[*types.Package]bool)
	stack := []*types.Package{pkg}
	for len(stack) > 0 {
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, imp := range p.Imports() {
			if seen[imp] {
				continue
			}
			if paths[imp.Path()] {
				return true
			}
			seen[imp] = true
			stack = append(stack, imp)
		}
	}
	return false
}

// Handle is a kind of handle: what a value pins, and how it is released.
type Handle int

// The handle kinds.
const (
	NoHandle Handle = iota
	// DB is a connection pool (*sql.DB, *pgxpool.Pool, *gorm.DB).
	DB
	// Conn is a connection taken out of a pool (*sql.Conn, *pgxpool.Conn)
	// or opened on its own (*pgx.Conn).
	Conn
	// Tx is a transaction.
	Tx
	// Stmt is a prepared statement.
	Stmt
	// Rows is a result set.
	Rows
	// Row is a single-row result, released by Scan.
	Row
	// Batch is the results of a batch of statements (pgx.BatchResults).
	Batch
)

var handleNames = [...]string{"", "DB", "Conn", "Tx", "Stmt", "Rows", "Row", "Batch"}

// String returns the kind's name, e.g. "Rows".
func (h Handle) String() string {
	if h < 0 || int(h) >= len(handleNames) {
		return ""
	}
	return handleNames[h]
}

// NamedOf returns the named type of t or *t, after unaliasing, or nil.
func NamedOf(t types.Type) *types.Named { return namedOf(t) }

func namedOf(t types.Type) *types.Named {
	if t == nil {
		return nil
	}
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	n, _ := t.(*types.Named)
	return n
}

// IsContext reports whether t implements context.Context: context.Context
// itself, *gin.Context, or any other type with its four methods.
func IsContext(t types.Type) bool {
	if t == nil {
		return false
	}
	if IsNamed(t, "context", "Context") {
		return true
	}
	// Only a named type, a pointer to one, or an interface has methods.
	var key contextKey
	switch u := types.Unalias(t).(type) {
	case *types.Named:
		key.named = u
	case *types.Pointer:
		n, ok := types.Unalias(u.Elem()).(*types.Named)
		if !ok {
			return false
		}
		key = contextKey{n, true}
	case *types.Interface, *types.TypeParam:
		return hasContextMethods(t)
	default:
		return false
	}
	if v, ok := contextTypes.Load(key); ok {
		return v.(bool)
	}
	is := hasContextMethods(t)
	contextTypes.Store(key, is)
	return is
}

func hasContextMethods(t types.Type) bool {
	ms := types.NewMethodSet(t)
	for _, name := range [...]string{"Deadline", "Done", "Err", "Value"} {
		if ms.Lookup(nil, name) == nil {
			return false
		}
	}
	return true
}

// contextKey is a named type, or a pointer to it.
type contextKey struct {
	named *types.Named
	ptr   bool
}

// contextTypes remembers IsContext's answer for named types and pointers
// to them: a run's packages share their imports' types.
var contextTypes sync.Map

// IsPointerTo reports whether t, after unaliasing, is *pkgPath.name.
func IsPointerTo(t types.Type, pkgPath, name string) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	return ok && IsNamed(p.Elem(), pkgPath, name)
}

// IsNamed reports whether t (or *t), after unaliasing, is the named type
// pkgPath.name. Versioned paths match their major version suffix exactly.
func IsNamed(t types.Type, pkgPath, name string) bool {
	n := namedOf(t)
	if n == nil {
		return false
	}
	obj := n.Obj()
	return obj.Pkg() != nil && obj.Pkg().Path() == pkgPath && obj.Name() == name
}

// HasMethod reports whether values of t (addressable ones included) have
// the method name, as seen from pkg.
func HasMethod(t types.Type, pkg *types.Package, name string) bool {
	obj, _, _ := types.LookupFieldOrMethod(t, true, pkg, name)
	_, ok := obj.(*types.Func)
	return ok
}
