// Package connleak defines an Analyzer that reports transactions,
// connections and prepared statements that are not released on some path
// of a function.
//
// # Analyzer connleak
//
// connleak: report *sql.Tx not committed or rolled back, and *sql.Conn and *sql.Stmt not closed, on some path
//
// A *sql.Tx holds one of the pool's connections, and the database's locks,
// until Commit or Rollback; a *sql.Conn holds its connection until Close. A
// transaction left open on an error path (the classic: an early return
// between BeginTx and Commit with no defer tx.Rollback()) pins a connection
// for good, or until the context given to BeginTx ends; a few of them and the pool is empty, every request waits, and the
// rows the transaction touched stay locked. A *sql.Stmt from Prepare stays
// prepared on the database server until Close (MySQL refuses new statements
// past max_prepared_stmt_count).
//
// The analyzer follows each handle from the call that produces it
// (Begin, BeginTx, sqlx's Beginx, BeginTxx and MustBegin, Conn, Prepare,
// PrepareContext, sqlx's Preparex and PrepareNamed, interface methods and
// same-package functions returning a fresh one) along every path to the
// function's exits, and reports:
//
//   - a *sql.Tx that reaches a return without Commit or Rollback; when the
//     package's pools can only be SQLite's (the drivers its non-test files,
//     or its module, import: a SQLite fixture of its tests does not count,
//     so the package and its test variant report the same finding once),
//     the message says what that does there: once the transaction
//     writes it holds the database's one write lock, and every other writer
//     waits for its busy timeout, then fails with "database is locked".
//     The message says how long it stays open and what it holds: a
//     transaction begun with BeginTx(ctx, ...) and a context that can end
//     (not context.Background, TODO or WithoutCancel, nor a local variable
//     holding one) is left open "until ctx ends", since database/sql rolls
//     it back then (pgx does not: its transactions never say so); one left
//     open before any statement ran on it (its variable appears nowhere
//     before that return, nor in a loop around it) holds "its connection",
//     not yet locks;
//   - a *sql.Conn from db.Conn(ctx) not closed;
//   - a *sql.Stmt from Prepare* not closed.
//
// A same-package function is a producer only when every handle it returns is
// one it made: a helper that returns a cached statement (or the caller's own
// transaction) on some paths and a fresh one on others gives its callers
// nothing they must release, since they cannot tell which they got (and a
// deferred Close would break the cache). A variable assigned by several
// producers whose paths end the same way (two cases of a switch) is one
// finding. A handle left behind by a continue, in a loop whose body declares
// its variable (var tx *sql.Tx), is reported at that continue.
//
// Layers in front of the handle are read through. A type that embeds a
// handle (type Tx struct{ *sql.Tx }, returned by a same-package Begin) is
// that handle: its promoted Commit, Rollback and Close release it. A
// same-package helper that returns, with the handle, functions releasing it
// (func begin(ctx) (tx *sql.Tx, commit, rollback func() error, err error);
// (conn, release func(), err)) gives the caller a handle released by calling
// them (commit(), defer rollback(), or from a deferred closure); a path that
// returns without calling one leaves it open, and the message names them
// ("call commit or rollback on every path"), without a fix: they may do more
// than the release. A helper that returns only such a function (release,
// err := s.lock(ctx), which holds a connection until release is called) is
// followed the same way ("the connection behind release from s.lock is not
// closed..."). A helper of another package whose body cannot be read is
// trusted. A transaction passed to a same-package constructor that keeps it
// only when it succeeds (return &Store{tx: tx}, nil; or r := &Repo{tx: tx}
// built first, then return nil, err) stays the caller's when it fails: a
// caller that returns that failure at once (return newStore(tx), or
// s, err := newStore(tx); return s, err) leaves it open. Such a finding has
// no fix: on success the transaction is the constructor's value's.
//
// A handle released directly, deferred, in a deferred closure or by a
// same-package helper whose body releases it is fine; one returned, stored in
// a struct to be reused, captured by a closure that escapes, or passed to a
// function of another package, an interface method or a function value is
// handed over and not reported. Handles collected in a slice or map of the
// function (stmts = append(stmts, stmt)) are followed through it: a loop
// over it that releases its elements releases them, and a return that skips
// it leaves them behind. A statement prepared on a transaction
// (tx.Prepare, tx.Stmt, ...) is closed by that transaction's Commit or
// Rollback and is never reported. Nor is a statement prepared on a pool
// that the same function opened (sql.Open, sqlx.Open, a known opener, bound
// to a local variable) and closes on every path without handing it over
// (defer db.Close(), or a Close on each path): closing a pool closes the
// statements prepared on it. One prepared on a pool the function was given
// (a parameter, a field) or leaves open is reported. The producer's if err != nil branch holds
// no handle; paths that end in panic, os.Exit, log.Fatal or t.Fatal, or that report
// a test failure (t.Error), do not count, nor does the if err != nil branch
// of b, err := json.Marshal(v) (or MarshalIndent) when v's type cannot fail
// to encode: strings, booleans, integers, and pointers, slices, arrays,
// string-keyed maps and structs of them, with no MarshalJSON or MarshalText
// method and no recursion (no floats, interfaces, channels or functions). A transaction begun with a context whose cancel function is called
// (or deferred) is released there: database/sql rolls it back when its
// context ends (a *sql.Conn is not closed by its context).
//
// Bad:
//
//	tx, err := db.BeginTx(ctx, nil)
//	if err != nil {
//		return err
//	}
//	if _, err := tx.ExecContext(ctx, debit, amount, from); err != nil {
//		return err // the transaction stays open: its connection and locks are never released
//	}
//	return tx.Commit()
//
// Good:
//
//	tx, err := db.BeginTx(ctx, nil)
//	if err != nil {
//		return err
//	}
//	defer tx.Rollback() // a no-op after Commit
//	if _, err := tx.ExecContext(ctx, debit, amount, from); err != nil {
//		return err
//	}
//	return tx.Commit()
//
// In test code (_test.go files, functions taking a *testing.T, B, F or
// testing.TB, test harness packages) only what can fail or hang the test run
// is reported: a handle leaked in a loop (a transaction begun, a connection
// taken, a statement prepared or a pool opened per iteration and left open),
// and a handle leaked from a pool the package caps with SetMaxOpenConns(n),
// when n handles of that pool are leaked in the function and a later call
// still uses the pool (it waits for ever). A connection held on purpose for
// a lock, or a transaction left open when the test ends, is not reported;
// -connleak.tests reports test code as any other.
//
// In code that runs once per process (main and init, migrations, CLI
// commands, and the functions only they reach: ctxquery's rule), a handle
// left open only on returns of an error is not reported: the error ends the
// command or the startup, and the process with it. A handle left open on a
// path that succeeds, or in a loop, is. Nor is a pool replaced there (a
// startup that opens a second pool when the first one's Ping fails): one
// pool leaks, once. -connleak.strict reports them all.
//
// The suggested fix adds the deferred release right after the producer (and
// its error check). It is offered only where that is certainly safe: no use
// of the handle may run after the function returns (a closure returned,
// stored or run by a goroutine, a method value), no handle derived from it
// may outlive the function (rows of a transaction returned to the caller),
// and the handle must be the function's own: produced by the library, or by
// a same-package function every return of which gives a fresh handle (not a
// helper that returns a cached statement on some paths, nor a statement from
// another package's function). Otherwise the finding stands without a fix.
//
// ORMs' transactions are followed the same way: gorm's tx := db.Begin()
// (a failed Begin, if tx.Error != nil, holds nothing; a session of it,
// tx.WithContext(ctx), tx.Session(&gorm.Session{...}) or tx.Debug(), shares
// its *sql.Tx, so its Commit or Rollback ends tx), bun's
// db.BeginTx(ctx, nil), and ent's generated client.Tx(ctx) (recognized by
// shape: a Client whose Tx returns a *Tx with Commit, Rollback and
// Client). gorm's db.Transaction and bun's db.RunInTx end their transaction
// themselves. A transaction given to sqlc's q.WithTx(tx) or New(tx) is
// still the caller's to end.
package connleak
