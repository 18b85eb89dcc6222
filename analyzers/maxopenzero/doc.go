// Package maxopenzero defines an Analyzer that reports connection pools made
// unlimited by SetMaxOpenConns with a limit of zero or less.
//
// # Analyzer maxopenzero
//
// maxopenzero: report SetMaxOpenConns with a limit of zero or less, which removes the pool's limit
//
// In database/sql, SetMaxOpenConns(n) with n <= 0 does not mean "a sensible
// default": it means unlimited. Under a traffic spike the pool opens a new
// connection for every waiting query until the database refuses them
// (PostgreSQL: "sorry, too many clients already"); retries and timeouts then
// take the service, and every other service on that database, down with it.
//
// The analyzer reports SetMaxOpenConns on a *sql.DB, or on anything that
// reaches it by embedding (*sqlx.DB, a Store struct embedding *sql.DB), through
// an interface with that method, or through a method value, when the argument
// is a constant (a literal, a named constant, a constant expression) of zero
// or less. A non-constant argument (a config field, a flag) is not reported.
//
// Bad:
//
//	db.SetMaxOpenConns(0) // "0 = default", believed the author
//
// Good:
//
//	// max_connections (500) / instances (20), minus headroom for migrations and psql.
//	db.SetMaxOpenConns(20)
//
// With -maxopenzero.require-limit, the analyzer also reports a database/sql
// pool (sql.Open, sql.OpenDB, sqlx.Open/Connect/..., pgx stdlib.OpenDB) that
// the function opening it never gives a positive SetMaxOpenConns, directly or
// through a same-package helper, before it escapes: Go's default is unlimited
// too. A pool returned by a same-package function is checked at that function's
// callers when it has some.
package maxopenzero
