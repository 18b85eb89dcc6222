// Package pooldeadlock defines an Analyzer that reports a function that
// holds a pooled connection and asks the same pool for another one.
//
// # Analyzer pooldeadlock
//
// pooldeadlock: report a call that takes a second connection from a pool while the function holds one from it
//
// A bounded pool deadlocks when every caller holds one connection and waits
// for a second: with SetMaxOpenConns(N) (or pgxpool's MaxConns), N
// concurrent calls of a function that begins a transaction on the pool and
// then queries the pool itself (not the transaction) each hold one
// connection and wait forever for another; every request behind them times
// out. The same happens to a function that reads rows from the pool and
// queries the pool again for each row (the N+1 loop), or that takes a
// dedicated connection and then queries the pool.
//
// The analyzer reports a call that takes a connection from a pool (a query,
// an exec, a prepare, a begin, a ping, Conn or pgxpool's Acquire, SendBatch,
// CopyFrom, and the same through a same-package function that uses the
// pool) made while, on some path to it, a handle produced from the same pool
// is held in that function: a transaction begun on it, a connection taken
// from it, rows from it not yet read to the end and closed. A deferred
// Rollback or Close holds the handle until the function returns. "The same
// pool" is the same variable, or the same field path on the same variable
// (r.db and r.db), followed into same-package functions through their
// receiver and parameters; a different pool (a read replica in another
// field, a parameter that may be another pool) is not reported, nor is a
// pool behind an interface, which may be a transaction. Inside the callback
// of pgx.BeginFunc or pgxpool's AcquireFunc, the pool they were given is
// held for the whole callback.
//
// A goroutine started in the region counts when the function is shown to
// wait for it while the handle is still held: a sync.WaitGroup's Go, or a go
// statement whose function calls the group's Done, then the group's Wait;
// an errgroup.Group's Go, then its Wait. A goroutine nobody waits for is not
// reported: it may run after the handle is released.
//
// Bad:
//
//	tx, err := s.db.BeginTx(ctx, nil)
//	if err != nil {
//		return err
//	}
//	defer tx.Rollback()
//	if _, err := tx.ExecContext(ctx, "UPDATE payments SET state = 'captured' WHERE id = $1", id); err != nil {
//		return err
//	}
//	// A second connection, while tx holds the first.
//	if _, err := s.db.ExecContext(ctx, "INSERT INTO audit (payment) VALUES ($1)", id); err != nil {
//		return err
//	}
//	return tx.Commit()
//
// Good:
//
//	if _, err := tx.ExecContext(ctx, "INSERT INTO audit (payment) VALUES ($1)", id); err != nil {
//		return err
//	}
//
// No fix is offered: running the call on the transaction moves it into the
// transaction (it commits or rolls back with it, and sees the transaction's
// uncommitted writes), and running it on a held connection moves it into
// that connection's session. Usually that is the repair, but a statement
// meant to outlive a rollback (an audit row of a failed attempt) would
// change meaning, so the message names the remedy and the author applies it.
//
// In test code (_test.go files, functions taking a *testing.T, B, F or
// testing.TB, test harness packages) a call is reported only when it waits
// for ever: the package caps the pool with SetMaxOpenConns(n) (a constant; a
// field such as a test suite's s.db capped in its setup counts for every
// method) and the function holds n or more of its connections at the call.
// A test holding a transaction while it reads the pool, which has no limit
// or a higher one, is not reported; -pooldeadlock.tests reports test code as
// any other.
//
// Code that runs once per process (main, init, functions registered as
// migrations or CLI commands, and the functions only they reach; the rule
// ctxquery documents) is not reported: one caller at a time cannot exhaust
// a pool of two or more, and a pool of one hangs on the very first start,
// where it shows at once. A handler registered there runs per request and
// is reported.
//
// Code that one goroutine runs, started once by code that runs once (a
// background cleaner: go s.cleaner() or go func() {...}() in main or what
// only it reaches, in no loop, the only reference to the function), and the
// functions that only that goroutine calls (its own loop included, as are
// those of main: a for { select ... } makes one call at a time), is not
// reported either: it has one caller at a time. It is reported when the package caps the pool with
// SetMaxOpenConns at the connections it holds (a constant 1 for one held):
// that hangs on the goroutine's first round, which may come hours after
// the start. A function that a request scope also reaches, that code
// running beside the goroutine also calls, or started in a loop, per
// request or by two go statements is reported. The rule is within a
// package: a cleaner started from another package, or from an exported
// method (Start), is not seen and is reported. -pooldeadlock.strict reports
// code that runs once, and such goroutines, too.
//
// A pool nothing limits is not reported. A database/sql pool (and sqlx's,
// gorm's, bun's and ent's, which are database/sql's underneath) has no
// limit until SetMaxOpenConns gives it one: a second connection is always
// there, and nothing waits. So a database/sql pool is reported only when
// the module limits a pool somewhere: a SetMaxOpenConns( call in one of the
// module's non-test .go files (any argument, a configuration value
// included), or a SetMaxOpenConns call in the package itself (in a test
// file, for test code only). pgxpool's pools always have a limit (MaxConns
// defaults to max(4, NumCPU)) and are reported regardless.
// -pooldeadlock.strict reports pools nothing limits too.
//
// # Layers: sqlc, ORMs, repositories
//
// The pool is followed through the layers services put in front of it.
// A sqlc-generated Queries (recognized by its generated shape: a DBTX
// interface, New(db DBTX) *Queries, (*Queries).WithTx) built on a pool is
// that pool: inside a transaction of the same pool, q.GetUser(ctx, id)
// instead of q.WithTx(tx).GetUser(ctx, id) both escapes the transaction and
// waits for a second connection; the message names q.WithTx(tx) as the
// remedy (no fix, as above). A statement
// prepared on the pool (kept in a field or a local) runs on the pool too:
// bind it with tx.Stmt. A repository built on the pool in a struct literal
// (repo := &Repo{db: s.db}), and a field that every literal of its struct
// fills from a sibling field (&Service{pool: pool, q: db.New(pool)}), stand
// for that pool. A struct whose every value holds a transaction begun on
// its pool field (an updater holding FOR UPDATE locks) holds that
// connection in all its methods: one that queries the pool field is
// reported, unless it begins, ends, replaces or tests the transaction.
//
// ORMs: gorm's db.Begin() and the callback of db.Transaction(func(tx
// *gorm.DB) error {...}); a chain (db.Where(...).First(&x)) is its pool, and
// only the methods that run it (Find, First, Create, Save, Update, Delete,
// Exec, Scan, Count, Rows...) take a connection. bun's BeginTx and the
// callback of RunInTx; a query built on the pool (db.NewInsert()...Exec(ctx))
// runs on the pool: build it on tx. ent's generated Client.Tx(ctx)
// (recognized by shape); a builder reached from the client
// (client.User.Create()...Save(ctx)) runs on the pool. A statement of a
// callback on the outer pool is reported as escaping the callback's
// transaction; the remedy is to run it on the callback's transaction (no
// fix, as above). gorm's Transaction on a value that may be a transaction
// (a *gorm.DB parameter of the function, a callback's, a Begin's result)
// nests a savepoint on that transaction's connection: a call on that value
// inside the callback takes no second connection, and is not reported.
package pooldeadlock
