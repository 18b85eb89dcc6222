// Package maxopenzero defines an Analyzer that reports the pool settings
// that take services down: no limit, an idle pool that churns or is gone,
// lifetimes in nanoseconds.
//
// # Analyzer maxopenzero
//
// maxopenzero: report SetMaxOpenConns with a limit of zero or less, which removes the pool's limit, and the pool settings that churn or starve it
//
// In database/sql, SetMaxOpenConns(n) with n <= 0 does not mean "a sensible
// default": it means unlimited. Under a traffic spike the pool opens a new
// connection for every waiting query until the database refuses them
// (PostgreSQL: "sorry, too many clients already"); retries and timeouts then
// take the service, and every other service on that database, down with it.
//
// The analyzer reports SetMaxOpenConns on a *sql.DB, or on anything that
// reaches it by embedding (*sqlx.DB and its forks, a Store struct embedding
// *sql.DB), through an interface with that method, or through a method
// value, when the argument is a constant (a literal, a named constant, a
// constant expression) of zero or less (category unlimited-pool). A
// non-constant argument (a config field, a flag) is never reported, in this
// category or the others. It also reports, on the same pool expression
// (db, s.db) in one function:
//
//   - SetMaxIdleConns with a constant of zero or less: no idle connection is
//     kept, every query dials a new one; a pool the function caps at one
//     connection (each SetMaxOpenConns on it there is the constant 1) is
//     not reported: one connection redialed serially exhausts no ports,
//     and dropping it after each statement keeps a SET ROLE from reaching
//     the next (category idle-pool-disabled);
//   - SetMaxOpenConns with a constant of 10 or more and no SetMaxIdleConns:
//     Go keeps 2 idle connections, so under load all the others are closed
//     after their query and dialed again. 10 is where that is 80% of the
//     pool; the same field given its idle limit elsewhere in the package, a
//     parameter (the caller's pool), a pool returned to same-package
//     callers that all set it, and a pool that can only be SQLite's (a
//     connection is a file handle, not a dial) are not reported (category
//     idle-pool-default);
//   - a constant SetMaxIdleConns above the constant SetMaxOpenConns:
//     database/sql lowers idle to the open limit, so the code misleads
//     (category idle-above-open, low severity);
//   - SetConnMaxLifetime and SetConnMaxIdleTime, and pgxpool.Config's
//     MaxConnLifetime, MaxConnIdleTime, HealthCheckPeriod and
//     MaxConnLifetimeJitter, given a constant above zero and below a
//     millisecond that is built neither from a unit of package time nor from
//     a constant of type time.Duration: SetConnMaxLifetime(1800) is 1800ns
//     (category duration-without-unit). The fix writes 1800 * time.Second
//     when the literal is a whole number of minutes in seconds (60, 300,
//     1800, 3600: what samples that meant seconds write) and the file imports
//     package time; any other number (30: seconds or minutes?) gets none;
//   - pgxpool.Config's MaxConns set to a constant of zero or less: pgxpool
//     refuses it when the pool is created (category pgxpool-max-conns);
//   - if cfg.MaxConns <= 0 (== 0, < 1) on a config that only
//     pgxpool.ParseConfig defined: ParseConfig always sets MaxConns to at
//     least 1, so the guard's fallback never applies (category
//     pgxpool-dead-guard).
//
// The idle and lifetime categories, and the options below, leave test code
// alone (_test.go files, functions taking a *testing.T, B, F or TB, test
// harness packages) unless -maxopenzero.tests is set.
//
// Bad:
//
//	db.SetMaxOpenConns(0) // "0 = default", believed the author
//
// Good:
//
//	// max_connections (500) / instances (20), minus headroom for migrations and psql.
//	db.SetMaxOpenConns(20)
//	db.SetMaxIdleConns(20)
//	db.SetConnMaxLifetime(30 * time.Minute)
//
// SQLite pools get their settings from the DSN too, and the three Go drivers
// read different syntaxes, dropping what they do not read without an
// error: mattn/go-sqlite3 (driver "sqlite3", and gorm.io/driver/sqlite)
// reads _busy_timeout, _journal_mode, _foreign_keys, _synchronous... and no
// _pragma, and sets a 5 s busy timeout itself; modernc.org/sqlite ("sqlite")
// and github.com/glebarez/sqlite (gorm, over a fork of modernc) read
// _pragma=NAME(VALUE), set no busy timeout, and modernc reads mattn's keys
// only from v1.55.0 on; ncruces/go-sqlite3 ("sqlite3") reads _pragma only,
// and only from a DSN that starts with file: (another DSN is a file name, ?
// and all), and sets a 1-minute busy timeout, before v0.38.0 only when the
// DSN has no _pragma. The driver is known from the opener (the name given
// to sql.Open, a gorm dialector, ncruces' driver.Open) and the drivers the
// package and its module import; the version from the module's go.mod. A
// DSN whose query (the text after ?) is constant text, a literal, a
// constant or a concatenation or fmt.Sprintf whose values all come before
// the ?, is checked for:
//
//   - a parameter the driver ignores: a mattn key under modernc before
//     v1.55.0, glebarez or ncruces, a _pragma under mattn, any parameter of
//     an ncruces DSN without file: (category sqlite-dsn-ignored). The
//     message spells the parameter in the driver's syntax
//     (_busy_timeout=5000 is _pragma=busy_timeout(5000) and back); no fix
//     is offered, since the rewrite turns on what the program never ran
//     with (foreign keys that reject writes, WAL); a dropped busy timeout
//     under mattn says that mattn's 5 s applies instead;
//   - a pool that may hold more than one connection (no SetMaxOpenConns(1)
//     or non-constant limit on it, in its function, on a field or a package
//     variable; not returned out of the package as a pool) whose connections
//     get no busy timeout: modernc or glebarez without busy_timeout, ncruces
//     before v0.38.0 with a _pragma list without it. Two writers at once and
//     one fails at once with "database is locked" (SQLITE_BUSY); in-memory
//     and read-only DSNs are left alone (category sqlite-no-busy-timeout).
//     Remedy: _pragma=busy_timeout(5000) (with _pragma=journal_mode(WAL),
//     readers no longer wait for the writer), or SetMaxOpenConns(1) on the
//     pool that writes. No fix: waiting changes timing;
//   - a PRAGMA that sets a value of one connection (busy_timeout,
//     foreign_keys, cache_size, synchronous, temp_store, mmap_size,
//     journal_mode other than WAL...) sent with Exec or ExecContext on such
//     a pool: only the connection that ran it gets it, the pool's other
//     connections open with the default, so foreign keys are enforced on
//     some requests and not others, and a busy timeout set this way leaves
//     the next connection failing with "database is locked" (category
//     sqlite-connection-pragma). Remedy: the parameter in the driver's
//     syntax (_pragma=foreign_keys(ON), mattn's _foreign_keys=ON), a
//     connection hook, or SetMaxOpenConns(1). Not reported: journal_mode=WAL
//     (the database file keeps it, every connection gets it), a pragma the
//     DSN also sets, a busy_timeout under a driver that sets its own (mattn's
//     5 s), a pool returned to the caller, and a package that registers a
//     connection hook.
//
// A fact that depends on the driver's version is not used when go.mod does
// not say it, and a DSN whose query cannot be seen is not reported.
//
// Bad:
//
//	db, err := sql.Open("sqlite", "file:app.db?_busy_timeout=5000&_journal_mode=WAL") // modernc v1.50.0: both ignored
//
// Good:
//
//	db, err := sql.Open("sqlite", "file:app.db?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)")
//
// With -maxopenzero.require-limit, the analyzer also reports a database/sql
// pool (sql.Open, sql.OpenDB, sqlx.Open/Connect/... and the same openers of
// sqlx forks, pgx stdlib.OpenDB) that the function opening it never gives a
// positive SetMaxOpenConns, directly or through a same-package helper, before
// it escapes: Go's default is unlimited too. A pool returned by a
// same-package function is checked at that function's callers when it has
// some; a pool the function opens, uses and closes itself is not reported
// (category pool-without-limit).
//
// With -maxopenzero.require-lifetime, it reports a pool given SetMaxOpenConns
// in a function that gives it neither SetConnMaxLifetime nor
// SetConnMaxIdleTime: behind a proxy, a load balancer or a failover,
// connections the other side dropped are reused (category
// pool-without-lifetime).
package maxopenzero
