// Package rowsclose defines an Analyzer that reports *sql.Rows and *sql.Row
// left open on some path of a function: each one pins a pooled connection.
//
// # Analyzer rowsclose
//
// rowsclose: report *sql.Rows not closed and *sql.Row not scanned on some path, which keeps a pooled connection checked out
//
// Every *sql.Rows holds one of the pool's connections until Close is called
// (or until Next has returned false). Rows that are forgotten on one path, an
// error return inside the scan loop for example, keep their connection
// checked out; under load the pool runs dry and every query waits, or, with
// an unlimited pool, the database runs out of connections. A *sql.Row holds
// its rows until Scan.
//
// The analyzer follows each handle from the call that produces it (a Query,
// QueryContext, QueryRow or QueryRowContext of database/sql, sqlx's Queryx,
// NamedQuery and QueryRowx, an interface method or a function returning
// rows) along every path to the function's exits. It reports:
//
//   - rows not closed on some path, naming the path: "rows (from
//     db.QueryContext at line 12) are not closed when returning at line 20".
//     Rows of a database/sql transaction (*sql.Tx, sqlx's, a struct
//     embedding one, an interface with Commit() error and Rollback() error;
//     squirrel's RunWith(tx).Query() included, and rows of a statement
//     prepared on it or bound to it: tx.Prepare, tx.PrepareContext,
//     tx.Stmt, tx.StmtContext, the transaction a variable or a field of one
//     such as t.tx) left open only on returns after a Rollback
//     or Commit of it is deferred (directly, in a deferred literal or
//     through a same-package helper given it) are closed by it: not
//     reported. pgx's own rows stay open after Rollback: reported. A
//     return on the branch where database/sql's rows.Err() is not nil (if
//     err != nil || rows.Err() != nil { return ... }; defer rows.Close())
//     leaves nothing open: database/sql sets Err only as it closes the
//     rows. A wrapper's own Err and pgx's rows (an interface whose
//     implementations may release their connection only in Close) are
//     still reported there;
//   - rows released only by reading them to the end (no Close, no defer):
//     an early return, a break or a panic in the loop would leak the
//     connection (category rows-drained-only; -rowsclose.trust-drain
//     silences it; not for rows whose Next is a wrapper's written in another
//     package, which is only taken to read them to the end). A path that does leave the loop early without Close is
//     reported as a plain leak. An existence check that returns when Next
//     is false and closes the rows on the other branch (if !rows.Next() {
//     return ... }; defer rows.Close()) is closed on both: Next returning
//     false closed them. The Next of a wrapper type (a struct embedding the
//     rows) that returns what the rows' Next returns reads them to the end
//     as theirs does;
//   - the result of Query or QueryContext discarded (assigned to _ or not
//     assigned at all): use Exec. Rows of a database/sql transaction in a
//     package whose pools can only be SQLite's are left to -rowsclose.strict:
//     SQLite runs the transaction's other statements while they are open,
//     and Commit or Rollback closes them; on the other drivers the
//     transaction's next statement fails;
//   - a *sql.Row never scanned (only Err is called, or it is dropped). A
//     test that asserts the row's Err is an error (require.Error(t,
//     row.Err()), assert.Error, if row.Err() == nil { t.Fatal(...) }) holds
//     no connection past the assertion: a row with an error has none;
//   - defer rows.Close() inside a loop when the rows are not read to the end
//     in that iteration: each iteration keeps a connection until the function
//     returns;
//   - rows read with Next whose Err is never checked, in the shapes the
//     bundled sqlrowserr does not look for (an existence check, rows of sqlx,
//     pgx or a wrapper, rows a helper reads); never what sqlrowserr reports
//     itself (category rows-err-unchecked). Only where the path on which
//     Next returns false reaches a return that reports success (a value and
//     a nil error, or no error result): there a failed query reads as "no
//     row" or as a short list. A no-row path that returns an error anyway
//     (if !rows.Next() { return 0, sql.ErrNoRows }) mislabels the error but
//     does not lose it, and is not reported; nor is a dropped rows.Next()
//     followed at once by a database/sql Scan whose error is used (Scan
//     returns the error Next met). Nor is the trailing "more than one row?"
//     check of a function that reads exactly one row: in one block, if
//     !rows.Next() whose no-row branch returns an error, a Scan of the rows
//     whose error is tested by an if that returns, then if rows.Next() whose
//     row branch returns an error, followed at once by a return of what the
//     Scan filled: an error on that Next comes after the only row was read
//     in full, and the value returned is the one the database sent
//     (-rowsclose.strict reports it as "an error after the only row is
//     dropped"). The same check in a loop, after an unchecked Scan, or
//     followed by anything else stays reported. Nor is the first Next of
//     database/sql rows where every driver the package's pools can use reads
//     the result up to its first row inside Query and returns any error met
//     on the way (pgx's stdlib, v4 and v5: it preloads the first row), and
//     the query is given no context or one that never ends
//     (context.Background, TODO): a first Next that returns false there
//     means an empty result, never an error (if rows.Next() { return true,
//     nil }; return false, nil). A Next after a row, a Next loop, a context
//     that can end before the first Next (database/sql then closes the rows
//     with the context's error), and the same check on lib/pq or an unknown
//     driver stay reported. The context of the transaction the rows are read
//     on is not judged: if it ends in that window, the transaction is rolled
//     back, and a no-row path that returns success without a Commit reads
//     the cancellation as an empty result. Nor are rows of a PostgreSQL
//     transaction (pgx's, or a package whose known drivers are all
//     PostgreSQL's) begun out of sight (a parameter of the function or of a
//     function literal it is written in, the receiver or a field of one, a
//     local copy of one; not one the package's callers never commit), its
//     rows read directly or through a statement prepared on it or bound to
//     it (t.tx.PrepareContext, t.tx.StmtContext of a cached statement), or
//     begun in a function that returns an error and read before a Commit
//     whose error is returned or checked: an error in the
//     rows aborts the transaction and its Commit fails, so the error is
//     mislabelled, not lost (-rowsclose.strict reports them; the bundled
//     sqlrowserr follows the same rule). Nor is keyset pagination that
//     resumes from the last row read, where every driver of the package
//     preloads the first row (pgx's stdlib): a Next loop in a for loop
//     without a condition that runs the query again with an argument the
//     Next loop scans (directly, or copied from a Scan target), and that
//     leaves only by returning an error, when the iteration read no row
//     (!read, n == 0) or when a counter reaches a cap (n >= max). A page an
//     error ends early is followed by a query that resumes after its last
//     row, and an error before the first row is the query's own; only a
//     context that ends between the query and its first Next can end the
//     load early without an error (the bundled sqlrowserr follows the same
//     rule). A load that also ends on a short page (n < limit), pages by an
//     offset, or runs on lib/pq or an unknown driver stays reported. Rows
//     assigned in several places and read by one loop give one finding;
//   - a statement run on a transaction or a dedicated connection while rows
//     (or a pgx batch's results) it produced are still open: the transaction
//     has one connection, and the drivers of MySQL, PostgreSQL and the other
//     network databases fail a statement while the rows of another are unread
//     (go-sql-driver's "busy buffer", pgx's "conn busy"). SQLite's drivers
//     allow it, so for database/sql the finding depends on the driver: it
//     is reported when the package's pools can use lib/pq, pgx, MySQL or SQL
//     Server, known from the drivers the package imports or, for a package
//     that imports none (a migrations package that receives a *sql.Tx),
//     from the drivers the module's non-test files import; it is silent
//     when they can only be SQLite's, and when no driver is known (a library
//     module that opens no pool). A package that imports lib/pq only for its
//     value and quoting helpers (pq.Array, pq.Int64Array, pq.QuoteIdentifier,
//     pq.NullTime) counts as importing no driver. When the module opens
//     several databases, the package's own SQL decides: SQLite-only syntax
//     (AUTOINCREMENT, INSERT OR REPLACE, PRAGMA, WITHOUT ROWID) and no other
//     dialect's means its pools are SQLite's; PostgreSQL-only syntax (a ::
//     cast, ILIKE, BIGSERIAL, JSONB, = ANY(...)) and no other dialect's
//     means PostgreSQL's. pgx's own transactions and connections are PostgreSQL's
//     and always reported (category rows-busy-connection).
//
// pgx's rows, rows of a batch and batch results are followed the same way.
//
// Rows are closed by Close, directly, deferred, through a method value or in
// a deferred closure, by a same-package helper that closes its parameter
// (its body is read), and by a function of another package whose parameter
// is only an io.Closer (closeQuietly(rows)): such a helper takes the Close
// duty, not the rows.Err check, which still applies. A repository type that
// embeds the rows (type UserRows struct{ pgx.Rows }), returned by a
// same-package method or built in the function (&UserRows{Rows: rows}), is
// the rows: its promoted Close closes them, its Next reads them, its Err is
// theirs. Rows collected in a slice or map of the
// function are followed through it: a loop over it that closes its elements
// closes them. Rows returned, stored in a field, another map or slice or a
// channel, captured by a closure that escapes, or passed to a
// function of another package, an interface method or a function value are
// handed over and not reported. The producer's if err != nil branch holds no
// rows; paths that end in panic, os.Exit, log.Fatal or t.Fatal, or that report
// a test failure (t.Error), do not count, nor does the if err != nil branch
// of b, err := json.Marshal(v) (or MarshalIndent) when v's type cannot fail
// to encode: strings, booleans, integers, and pointers, slices, arrays,
// string-keyed maps and structs of them, with no MarshalJSON or MarshalText
// method and no recursion (no floats, interfaces, channels or functions). A finding names the exit that
// leaks: a return, the function's end, a reassignment of the variable, the
// loop running the query again, or the continue that ends an iteration whose
// body declares the variable anew (var rows *sql.Rows).
// Rows produced with a context whose cancel function is called (or deferred)
// are released there: database/sql closes them when their context ends.
//
// Bad:
//
//	rows, err := db.QueryContext(ctx, "SELECT id FROM orders WHERE user_id = $1", uid)
//	if err != nil {
//		return nil, err
//	}
//	var ids []int64
//	for rows.Next() {
//		var id int64
//		if err := rows.Scan(&id); err != nil {
//			return nil, err // the rows stay open: their connection is never returned
//		}
//		ids = append(ids, id)
//	}
//	return ids, rows.Err()
//
// Good:
//
//	rows, err := db.QueryContext(ctx, "SELECT id FROM orders WHERE user_id = $1", uid)
//	if err != nil {
//		return nil, err
//	}
//	defer rows.Close()
//	var ids []int64
//	for rows.Next() {
//		var id int64
//		if err := rows.Scan(&id); err != nil {
//			return nil, err
//		}
//		ids = append(ids, id)
//	}
//	return ids, rows.Err()
//
// In test code (_test.go files, functions taking a *testing.T, B, F or
// testing.TB, test harness packages) only what can fail or hang the test run
// is reported: rows leaked in a loop (each iteration keeps a connection: the
// loop runs the query again over open rows, discards them, or defers their
// Close to the end of the test); rows leaked from a pool the package caps
// with SetMaxOpenConns(n), when n handles of that pool are leaked in the
// function and a later call still uses the pool (it waits for ever); and a
// statement on a busy connection (it fails). Rows left open until the test
// ends, or a CREATE TABLE sent through QueryContext once, are not reported;
// an unchecked rows.Err (category rows-err-unchecked) is not reported there
// either: the test checks what it read, and nothing hangs. -rowsclose.tests
// reports test code as any other, rows.Err included (x/tools' sqlrowserr,
// bundled, follows the same policy under -sqlrowserr.tests).
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
// Rows handed out by ORMs are database/sql rows: gorm's db.Rows(), bun's
// query.Rows(ctx). Code generated by sqlc (its :many methods close their
// rows, :one scans its row) is never reported, like every generated file.
//
// In code that runs once per process (main and init, migrations, CLI
// commands, the literal of a package-level sync.Once, and the functions only
// they reach: ctxquery's rule), rows left open only where the run fails (on
// returns of an error, or until they are read to the end) and an unchecked
// rows.Err are not reported: the failure ends the command, the migration or
// the startup. -rowsclose.strict reports them, and the rows of a SQLite
// transaction discarded and the rows.Err a PostgreSQL transaction's Commit
// surfaces (above).
package rowsclose
