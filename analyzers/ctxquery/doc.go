// Package ctxquery defines an Analyzer that reports database calls made
// without the context at hand, or with context.Background() in its place.
//
// # Analyzer ctxquery
//
// ctxquery: report database calls that ignore the context at hand, so deadlines and cancellation cannot reach the database
//
// A query started with db.Query inside a request handler cannot be cancelled:
// when the client gives up or the request's deadline passes, the query keeps
// its pooled connection until the database finishes. Under load that is how
// one slow query turns into a full pool, and a full pool into an outage.
//
// The analyzer reports calls of a method that takes no context when its
// Context twin exists: Query, QueryRow, Exec, Prepare, Begin and Ping of
// *sql.DB; Query, QueryRow, Exec, Prepare and Stmt of *sql.Tx; Query,
// QueryRow and Exec of *sql.Stmt; and sqlx's Select, Get, Queryx, QueryRowx,
// NamedExec, NamedQuery, MustExec, Preparex, PrepareNamed, Beginx, MustBegin
// (methods and package functions). Methods are recognized by type: promoted
// through an embedded field (*sqlx.DB, a Store embedding *sql.DB), called
// through a method value or a method expression, or through an interface or
// a type parameter's constraint whose method set also has the Context twin
// (a user's Querier with Query and QueryContext).
//
// By default a call is reported only where a context is at hand in the
// enclosing function or the functions around its closure: a parameter or
// variable whose type implements context.Context, a *gin.Context, an
// *http.Request or an echo.Context. A variable set to context.Background()
// (or never set) is no context at hand, and neither is a context parameter
// of an unexported function (any function of package main) that is only
// ever called, never used as a value, and whose every call passes
// context.Background(), context.TODO() or another such variable: only the
// process's root context reaches it. A closure that runs after its creator
// returns (go func() {...}(), go db.Exec(...), t.Cleanup, time.AfterFunc,
// context.AfterFunc) or whose work is shared by every caller (sync.Once.Do,
// sync.OnceFunc, OnceValue, OnceValues, singleflight) does not see its
// creator's contexts: the request's context would cancel work that must
// outlive it. Test files (_test.go) are not analyzed
// unless -ctxquery.tests is set; with it, a *testing.T, B or F is a context
// at hand too (t.Context(), Go 1.24 and later). With -ctxquery.strict, every
// call is reported, context at hand or not. Generated files are not
// analyzed.
//
// Code that runs once per process is left to -ctxquery.strict, context at
// hand or not: a missing deadline there is a finding a maintainer shrugs
// at. It is recognized by structure, never by names: main (of package main)
// and init; functions registered as migrations with a migration library (a
// function given to a function or method of goose, bun's migrate,
// gormigrate or lopezator/migrator, or set as a field of one of their
// structs); in a migration package (one that registers migrations and whose
// every function runs once when the functions with a Go migration's
// signature, func(context.Context, *sql.Tx) error and its kin with *sql.DB
// or no context, that nothing in it refers to are taken for migrations
// registered by another package) those functions too, and so in a package
// that is nothing but such functions another package registers with its own
// runner (every exported function has that signature, a string of the
// package changes a schema, no exported type has methods, no exported
// variable holds a function); migrations registered at init, whatever the
// registry: in a package with a string that changes a schema and whose
// every function then runs once, the functions with a Go migration's
// signature every reference to which is an argument of a call made in the
// package's own init (func init() { sqlite.RegisterPostMigration(32,
// post32) }), the signature's handle being a *sql.Tx or *sql.DB, sqlx's
// *sqlx.Tx or *sqlx.DB, or a pointer to a struct embedding one of them;
// CLI commands (cobra's
// Run, RunE and their Pre and Post hooks, urfave/cli's Action, Before and
// After); the function literal given to a package-level sync.Once's Do; the
// steps of a package's own migration table (a function with a Go
// migration's signature written in a package-level variable's initializer,
// as a literal or named only there); and the functions only they reach (seeding, schema setup): an
// unexported function (or any function of package main) every reference to
// which is a direct call, outside go statements and outside loops that serve
// (a range over a channel, a loop that waits in a select, on a channel
// receive, in time.Sleep, on a listener's Accept or in another package's
// call given a context, such as a queue's ReadMessage(ctx)), from code that
// runs once. A for without condition that does not wait is a batch loop
// (over a cursor, until sql.ErrNoRows): the statements in it, and the
// functions it calls, run once like the code around it.
// A request scope (an HTTP, gin, echo or fiber handler, a gRPC method, a
// routed function) never runs once, nor does a function literal unless it
// is registered or called where it is written, or given, in code that runs
// once, to a function of the package that only calls it (directly, outside
// go statements, loops that serve and other literals: m.withTxn(ctx,
// func(tx *sqlx.Tx) error {...}) where withTxn runs fn(tx)); a literal the
// helper stores, passes on or runs in a goroutine may run at any time. A
// call whose context at hand
// is a request's is always reported. Also left to -strict: a Begin without
// a context whose transaction's every statement in the function takes the
// context at hand, the transaction going to no other function, where no
// pool of the module is limited (only the BEGIN goes unbounded); the Exec
// with
// values of a lib/pq COPY IN statement (prepared from pq.CopyIn or
// pq.CopyInSchema in the function, or from a query a helper builds when the
// function also runs the statement without values, which only a COPY
// accepts), which buffers a row in memory; the
// flush, Exec without values, reaches the server and is reported. And a
// Prepare without a context (Prepare of a pool or a transaction, sqlx's
// Preparex and PrepareNamed) in a package whose pools can only be SQLite's:
// SQLite prepares in process, with no network round trip, both common
// drivers (mattn/go-sqlite3, modernc.org/sqlite) ignore the prepare's
// context, and the statement's own call, which runs it, carries the context
// (stmt.QueryContext(ctx, ...)). A Query or an Exec on SQLite stays
// reported: its drivers interrupt a running statement when the context
// ends. Likewise a Prepare on a transaction (tx.Prepare, sqlx's
// tx.Preparex and tx.PrepareNamed) that the function began with BeginTx
// (sqlx's BeginTxx, MustBeginTx) on the context at hand: the transaction
// already holds its connection, only the prepare's round trip ignores the
// context, database/sql rolls the transaction back when the context ends,
// and the statement's own ExecContext(ctx) honours it. It stays reported on
// a transaction begun without a context, with another context or out of
// sight (a parameter, a field), as do the transaction's Query, Exec and
// QueryRow, and a statement then run without a context (stmt.Exec).
//
// A statement of a transaction (tx.Exec, txn.Select, or on a pgx.Tx
// tx.Exec(context.Background(), ...)) takes only the transaction's context. The callback of a transaction helper that receives no context
// (sqlutil.WithTransaction(db, func(txn *sqlx.Tx) error {...})) is left to
// -strict: the helper can only have begun the transaction without the
// caller's context, so the unit of work is not tied to it, and cancelling
// one of its statements would change what the helper commits.
//
// A call whose outcome is assigned to _ only (_ = db.Create(&e).Error,
// _, _ = db.Exec(...)) is best effort on purpose, left to -strict as well:
// a deadline would make it fail where it succeeds today, unseen. And no
// fix is offered where a context would change which other database work
// the function does: where the call's error branch calls the database (a
// failed lookup that records a strike against the client), or where the
// call comes after a transaction of the function committed.
//
// Work no caller waits for is left to -strict too: a call whose context at
// hand is a parameter of a function declaration that returns nothing, when
// that function is exported or called by an exported one that returns
// nothing (an audit or usage record: func RecordLog(ctx context.Context,
// ...)). Its failure reaches no caller, and callers out of sight may run it
// in a goroutine with a request's context that ends first: passing that
// context on would make the write fail where it succeeds today.
//
// So is a call whose context at hand is a worker's lifetime context: passing
// it adds only cancellation at shutdown, no deadline. It is recognized by
// structure, in one package: a context parameter c in a serving loop of its
// function (a for without condition holding a select with a case receiving
// from c.Done() and another receiving from a channel, a queue, a ticker's C
// or time.After; or a range over a channel whose body checks c.Done() or
// c.Err()), and the context parameter of an unexported function (any
// function of package main that is not a method), no request scope, every
// reference to which outside test code is a call (go and defer included)
// passing exactly the caller's own context parameter where that one is a
// lifetime context (in the caller's serving loop, or the caller is such a
// function), to a fixed point: the queue worker, the function it calls per
// job, a recover wrapper in between, the batch a ticker loop runs. An
// exported function, a context derived on the way (context.WithTimeout(ctx,
// ...)), a call before or after the loop, a function also used as a value,
// and a loop in a request scope or in a function a request scope refers to
// (a streaming handler's) stay reported.
//
// It also reports a database call given context.Background() or
// context.TODO() while a context is at hand (category detached-context):
// QueryContext, BeginTx, Conn, pgx and pgxpool calls, gorm's WithContext. A
// function that builds its own deadline from the background,
// context.WithTimeout(context.Background(), ...), is not reported.
//
// The message says what the missing context costs for the call's library:
// database/sql rolls a transaction back when the context it was begun with
// ends, so a Begin without it is never rolled back by cancellation; pgx does
// not, and its context bounds only the wait for a pool's connection and the
// BEGIN itself. A connect (pgx.Connect, pgxpool.Connect, sqlx.Connect) is
// named as one, not as a query.
//
// Bad:
//
//	func (s *Server) payment(w http.ResponseWriter, r *http.Request) {
//		row := s.db.QueryRow("SELECT status FROM payments WHERE id = $1", id)
//		...
//	}
//
// Good:
//
//	func (s *Server) payment(w http.ResponseWriter, r *http.Request) {
//		row := s.db.QueryRowContext(r.Context(), "SELECT status FROM payments WHERE id = $1", id)
//		...
//	}
//
// Each finding carries one suggested fix where the rewrite is mechanical and
// type-checks: switch to the Context twin and pass the context at hand first
// (Begin() becomes BeginTx(ctx, nil), Beginx() BeginTxx(ctx, nil),
// MustBegin() MustBeginTx(ctx, nil), tx.Stmt(s) tx.StmtContext(ctx, s)), or
// replace context.Background() with the context at hand. The context is the
// innermost one; in one scope a context.Context variable is preferred to
// r.Context(). For a *gin.Context c the fix passes c.Request.Context(): gin's
// own Done channel is nil unless the engine sets ContextWithFallback. No fix
// is offered for a call through a method value, where no context is at hand,
// where a type declares its own twin over the promoted one, or where the twin
// would not accept the arguments (sqlx.Select(q, ...) when q does not
// implement sqlx.QueryerContext); the message then says what to do.
//
// The context a fix passes must be live for the whole call. An errgroup's
// context (g, gctx := errgroup.WithContext(ctx)) is cancelled once Wait
// returns, so it is passed only inside the functions given to g.Go; a
// context with a cancel function (context.WithTimeout, WithCancel, ...) only
// in the function that made it, where its cancel is deferred or cannot have
// run on any path to the call. Rows, a row and a transaction keep using the
// context after the call, so it must stay live while they are used: one
// returned to the caller does not get a context this function cancels (a
// deferred cancel rolls the transaction back as the function returns), and
// one kept in a field gets none. Otherwise the fix passes another context
// at hand that is live, or there is none and the finding stands without a
// fix, asking for a context that outlives the call; context.Background() is
// then not reported, as it may be on purpose.
//
// A fix passes a context to a statement of a transaction (or of a statement
// prepared on it or bound to it with tx.Stmt in sight) only where the
// function sees the transaction begun with that same context (tx, err :=
// db.BeginTx(ctx, nil); pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error
// {...})) or begun without one (db.Begin(), whose own finding asks for
// BeginTx(ctx, nil)). On a transaction begun out of sight (a parameter of
// the function, a field, the callback's argument of a helper given the
// context) the finding stands without a fix: the context at hand may be a
// request's while the transaction is not bound to it, and cancelling one
// statement of a transaction that another function commits changes what the
// program does, not only when it gives up.
//
// # Layers: sqlc, ORMs
//
// The query methods sqlc generates (recognized by the generated shape of
// their Queries type, in whatever package they live) take the context
// first, and so do bun's query builders (Scan, Exec, Count...) and ent's
// generated builders (All, Only, Save...): given context.Background() or
// context.TODO() while a context is at hand, they are reported as detached,
// with the fix to pass it. A gorm chain that runs a statement (Find, First,
// Create, Save, Update, Delete, Exec, Count, Transaction, Begin...) from a
// pool kept in a field or a package variable without WithContext, where a
// context is at hand, is reported once, at the start of the chain (category
// missing-context), with the fix db.Where(...).Find(&x) ->
// db.WithContext(ctx).Where(...).Find(&x). A chain started from a
// parameter or a local variable (a transaction, a session that may carry a
// context already), and a field that the package ever fills with a chain
// carrying a context, are not reported.
package ctxquery
