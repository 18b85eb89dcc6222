package a

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"rowsclose/dbutil"
	"rowsclose/pgwrap"
)

var errNotFound = errors.New("not found")

// ---- rows not closed on some path ----

func returnInsideScanLoop(ctx context.Context, db *sql.DB) ([]int, error) {
	rows, err := db.QueryContext(ctx, "SELECT id FROM t") // want `^rows are not closed on the return at line 34, holding a pooled connection; defer rows\.Close\(\)$`
	if err != nil {
		return nil, err
	}
	var ids []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

func deferredClose(ctx context.Context, db *sql.DB) ([]int, error) {
	rows, err := db.QueryContext(ctx, "SELECT id FROM t")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

func deferBeforeErrCheck(db *sql.DB) error {
	rows, err := db.Query("SELECT 1")
	defer rows.Close()
	if err != nil {
		return err
	}
	return nil
}

func closedOnEveryPath(db *sql.DB) (int, error) {
	rows, err := db.Query("SELECT 1")
	if err != nil {
		return 0, err
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return 0, err
		}
	}
	if err := rows.Close(); err != nil {
		return 0, err
	}
	return n, nil
}

func neverClosed(db *sql.DB) (int, error) {
	rows, err := db.Query("SELECT 1") // want `^rows are not closed on the return at line 94, holding a pooled connection; defer rows\.Close\(\)$` `^rows\.Err is never checked after rows\.Next at line 91: an error reads as no row; check rows\.Err\(\) when Next returns false$`
	if err != nil {
		return 0, err
	}
	n := 0
	if rows.Next() {
		_ = rows.Scan(&n)
	}
	return n, nil
}

func fallsOffTheEnd(db *sql.DB) {
	rows, _ := db.Query("SELECT 1") // want `^rows are not closed when the function ends, holding a pooled connection; defer rows\.Close\(\)$` `^rows\.Err is never checked after rows\.Next at line 99: an error reads as no row; check rows\.Err\(\) when Next returns false$`
	if rows.Next() {
		fmt.Println("one")
	}
}

func firstRowOnly(db *sql.DB) (int, error) {
	rows, err := db.Query("SELECT 1") // want `^rows are not closed on the return at line 114, holding a pooled connection; defer rows\.Close\(\)$`
	if err != nil {
		return 0, err
	}
	if !rows.Next() {
		return 0, errNotFound // Next returned false: database/sql closed the rows
	}
	var n int
	err = rows.Scan(&n)
	return n, err
}

func breakOutOfLoop(db *sql.DB) int {
	rows, err := db.Query("SELECT 1") // want `^rows are not closed on the return at line 129, holding a pooled connection; defer rows\.Close\(\)$`
	if err != nil {
		return 0
	}
	n := 0
	for rows.Next() {
		n++
		if n > 10 {
			break
		}
	}
	return n
}

func errReassignedBeforeClose(db *sql.DB, check func() error) error {
	rows, err := db.Query("SELECT 1") // want `^rows are not closed on the return at line 139, holding a pooled connection; defer rows\.Close\(\)$`
	if err != nil {
		return err
	}
	err = check()
	if err != nil {
		return err
	}
	defer rows.Close()
	return nil
}

func reassignedWithoutClose(db *sql.DB) error {
	rows, err := db.Query("SELECT 1") // want `^rows are not closed when rows is reassigned at line 150, holding a pooled connection; close rows on every path$`
	if err != nil {
		return err
	}
	rows, err = db.Query("SELECT 2")
	if err != nil {
		return err
	}
	return rows.Close()
}

func rowsOnTx(tx *sql.Tx) error {
	rows, err := tx.Query("SELECT 1") // want `^rows are not closed on the return at line 163, keeping the transaction busy; defer rows\.Close\(\)$` `^rows\.Err is never checked after rows\.Next at line 162: an error reads as no row; check rows\.Err\(\) when Next returns false$`
	if err != nil {
		return err
	}
	if rows.Next() {
		return nil
	}
	return rows.Close()
}

// ---- the producer's error branch holds no rows ----

func errEqualsNil(db *sql.DB) {
	rows, err := db.Query("SELECT 1") // want `^rows\.Err is never checked after rows\.Next at line 174: an error reads as no row; check rows\.Err\(\) when Next returns false$`
	if err == nil {
		defer rows.Close()
		fmt.Println(rows.Next())
	}
}

func rowsNotNil(db *sql.DB) error {
	rows, err := db.Query("SELECT 1")
	if rows != nil {
		defer rows.Close()
	}
	return err
}

func tagless(db *sql.DB) error {
	rows, err := db.Query("SELECT 1")
	switch {
	case err != nil:
		return err
	}
	return rows.Close()
}

func errWithMore(db *sql.DB) error {
	rows, err := db.Query("SELECT 1")
	if err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	if err != nil {
		return nil
	}
	return rows.Close()
}

func errOrNil(db *sql.DB) error {
	rows, err := db.Query("SELECT 1")
	if err != nil || rows == nil {
		return err
	}
	return rows.Close()
}

func handled(err error) bool { return err != nil }

// A check the engine cannot read: it assumes that branch may be the error one.
func opaqueErrCheck(db *sql.DB) error {
	rows, err := db.Query("SELECT 1")
	if handled(err) {
		return err
	}
	return rows.Close()
}

// ---- paths that end the process or the goroutine do not count ----

func fail(msg string) {
	fmt.Fprintln(os.Stderr, msg)
	os.Exit(2)
}

func noReturnPaths(db *sql.DB, mode int) {
	rows, err := db.Query("SELECT 1")
	if err != nil {
		log.Fatal(err)
	}
	switch mode {
	case 1:
		panic("bad mode")
	case 2:
		os.Exit(1)
	case 3:
		log.Fatalf("mode %d", mode)
	case 4:
		runtime.Goexit()
	case 5:
		fail("mode 5")
	}
	rows.Close()
}

func TestRows(t *testing.T) {
	var db *sql.DB
	rows, err := db.Query("SELECT 1")
	if err != nil {
		t.Fatal(err)
	}
	if !rows.Next() {
		t.Skip("empty")
	}
	if rows.Err() != nil {
		t.FailNow()
	}
	rows.Close()
}

// ---- handed over ----

type Store struct {
	db    *sql.DB
	rows  *sql.Rows
	cache map[string]*sql.Rows
	all   []*sql.Rows
	ch    chan *sql.Rows
	q     Querier
}

var lastRows *sql.Rows

func returned(db *sql.DB) (*sql.Rows, error) {
	rows, err := db.Query("SELECT 1")
	if err != nil {
		return nil, err
	}
	return rows, nil
}

// sqlclosecheck reported this one: the rows are returned to the caller.
func returnedDirectly(ctx context.Context, db *sql.DB) (*sql.Rows, error) {
	defer func() {
		log.Println("query done")
	}()
	return db.QueryContext(ctx, "SELECT 1")
}

func namedResult(db *sql.DB) (rows *sql.Rows, err error) {
	rows, err = db.Query("SELECT 1")
	return
}

func (s *Store) stored() error {
	rows, err := s.db.Query("SELECT 1")
	if err != nil {
		return err
	}
	s.rows = rows
	return nil
}

func (s *Store) storedDirectly() (err error) {
	s.rows, err = s.db.Query("SELECT 1")
	return err
}

func (s *Store) inMapSliceChanGlobal(k string) {
	r1, _ := s.db.Query("SELECT 1")
	s.cache[k] = r1
	r2, _ := s.db.Query("SELECT 2")
	s.all = append(s.all, r2)
	r3, _ := s.db.Query("SELECT 3")
	s.ch <- r3
	r4, _ := s.db.Query("SELECT 4")
	lastRows = r4
	r5, _ := s.db.Query("SELECT 5")
	_ = &Store{rows: r5}
}

func escapingClosure(db *sql.DB, t *testing.T) {
	rows, err := db.Query("SELECT 1")
	if err != nil {
		return
	}
	t.Cleanup(func() { rows.Close() })
}

func goroutine(db *sql.DB, done chan struct{}) {
	rows, err := db.Query("SELECT 1")
	if err != nil {
		return
	}
	go func() {
		defer rows.Close()
		<-done
	}()
}

type Sink interface{ Consume(io.Closer) }

func toInterfaceMethod(db *sql.DB, s Sink) {
	rows, _ := db.Query("SELECT 1")
	s.Consume(rows)
}

func toFuncValue(db *sql.DB, consume func(*sql.Rows)) {
	rows, _ := db.Query("SELECT 1")
	consume(rows)
}

// ---- released in other ways ----

func deferredClosure(db *sql.DB) (err error) {
	rows, err := db.Query("SELECT 1")
	if err != nil {
		return err
	}
	defer func() {
		if cerr := rows.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	return nil
}

func deferredClosureDeclaredFirst(db *sql.DB) error {
	var rows *sql.Rows
	defer func() {
		if rows != nil {
			rows.Close()
		}
	}()
	var err error
	rows, err = db.Query("SELECT 1")
	return err
}

func deferredClosureThatDoesNotClose(db *sql.DB) error {
	rows, err := db.Query("SELECT 1") // want `^rows are not closed on the return at line 394, holding a pooled connection; defer rows\.Close\(\)$` `^rows\.Err is never checked after rows\.Next at line 392: an error reads as no row; check rows\.Err\(\) when Next returns false$`
	if err != nil {
		return err
	}
	defer func() {
		log.Println(rows.Next())
	}()
	return nil
}

func methodValue(db *sql.DB) error {
	rows, err := db.Query("SELECT 1")
	if err != nil {
		return err
	}
	closeRows := rows.Close
	defer closeRows()
	return nil
}

func methodExpression(db *sql.DB) error {
	rows, err := db.Query("SELECT 1")
	if err != nil {
		return err
	}
	defer (*sql.Rows).Close(rows)
	return nil
}

func asCloser(db *sql.DB) error {
	rows, err := db.Query("SELECT 1")
	if err != nil {
		return err
	}
	var c io.Closer = rows
	defer c.Close()
	return nil
}

func convertedToCloser(db *sql.DB) error {
	rows, err := db.Query("SELECT 1")
	if err != nil {
		return err
	}
	closeQuietly(io.Closer(rows))
	return nil
}

// sqlclosecheck reported these: the helper takes an io.Closer, in another package.
func otherPackageHelper(db *sql.DB) error {
	rows, err := db.Query("SELECT 1")
	if err != nil {
		return err
	}
	defer dbutil.MustClose(rows)
	return nil
}

func otherPackageHelperNoDefer(db *sql.DB) error {
	rows, err := db.Query("SELECT 1")
	if err != nil {
		return err
	}
	dbutil.Keep(rows)
	return nil
}

// ---- same-package helpers: their bodies are read ----

func closeQuietly(c io.Closer) {
	if err := c.Close(); err != nil {
		log.Println(err)
	}
}

func closeRows(rows *sql.Rows) { _ = rows.Close() }

func countRows(rows *sql.Rows) int {
	n := 0
	if rows.Next() { // want `^rows\.Err is never checked after this Next: an error reads as no row; check rows\.Err\(\) when Next returns false$`
		n++
	}
	return n
}

// forwards its parameter to a closing helper.
func finish(rows *sql.Rows, err *error) {
	closeQuietly(rows)
}

func helperCloses(db *sql.DB) error {
	rows, err := db.Query("SELECT 1")
	if err != nil {
		return err
	}
	defer closeRows(rows)
	return nil
}

func helperForwards(db *sql.DB) (err error) {
	rows, err := db.Query("SELECT 1")
	if err != nil {
		return err
	}
	defer finish(rows, &err)
	return nil
}

func helperDoesNotClose(db *sql.DB) int {
	rows, err := db.Query("SELECT 1") // want `^rows are not closed on the return at line 500, holding a pooled connection; defer rows\.Close\(\)$`
	if err != nil {
		return 0
	}
	return countRows(rows)
}

func recursiveHelper(rows *sql.Rows, n int) {
	if n == 0 {
		return
	}
	recursiveHelper(rows, n-1)
}

func recursion(db *sql.DB) {
	rows, _ := db.Query("SELECT 1")
	recursiveHelper(rows, 3)
}

func immediatelyCalled(db *sql.DB) {
	rows, _ := db.Query("SELECT 1")
	func(r *sql.Rows) {
		defer r.Close()
	}(rows)
}

// ---- producers: interfaces, wrappers, same-package functions, method values ----

type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func throughInterface(ctx context.Context, q Querier) error {
	rows, err := q.QueryContext(ctx, "SELECT 1") // want `^rows are not closed on the return at line 536, holding a pooled connection; defer rows\.Close\(\)$`
	if err != nil {
		return err
	}
	if !rows.Next() {
		return errNotFound
	}
	return nil
}

func (s *Store) query(ctx context.Context) (*sql.Rows, error) {
	return s.q.QueryContext(ctx, "SELECT 1")
}

func (s *Store) cursor() *sql.Rows { return s.rows }

func (s *Store) ownFunction(ctx context.Context) error {
	rows, err := s.query(ctx) // want `^rows are not closed on the return at line 551, holding a pooled connection; defer rows\.Close\(\)$` `^rows\.Err is never checked after rows\.Next at line 550: an error reads as no row; check rows\.Err\(\) when Next returns false$`
	if err != nil {
		return err
	}
	if rows.Next() {
		return nil
	}
	cur := s.cursor() // a getter: the rows belong to the store
	cur.Next()
	return rows.Close()
}

func boundMethodValue(ctx context.Context, db *sql.DB) error {
	query := db.QueryContext
	rows, err := query(ctx, "SELECT 1") // want `^rows are not closed on the return at line 565, holding a pooled connection; defer rows\.Close\(\)$` `^rows\.Err is never checked after rows\.Next at line 564: an error reads as no row; check rows\.Err\(\) when Next returns false$`
	if err != nil {
		return err
	}
	_ = rows.Next()
	return nil
}

func sqlxRows(db *sqlx.DB) error {
	rows, err := db.Queryx("SELECT 1") // want `^rows are not closed on the return at line 576, holding a pooled connection; defer rows\.Close\(\)$` `^rows\.Err is never checked after the Next loop at line 573: an error reads as the end of the rows; check rows\.Err\(\) when Next returns false$`
	if err != nil {
		return err
	}
	for rows.Next() {
		var m map[string]any
		if err := rows.MapScan(m); err != nil {
			return err
		}
	}
	return rows.Close()
}

func sqlxClosed(db *sqlx.DB) error {
	rows, err := db.NamedQuery("SELECT :a", map[string]any{"a": 1})
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var v struct{ A int }
		if err := rows.StructScan(&v); err != nil {
			return err
		}
	}
	return rows.Err()
}

func wrapperRows(ctx context.Context, db *pgwrap.DB, query string) error {
	rows, err := db.Select(ctx, "SELECT 1") // want `^rows are not closed on the return at line 607, holding a pooled connection; close rows on every path$`
	if err != nil {
		return err
	}
	if len(query) == 0 {
		_ = rows.Names()
		return nil // a method of another package's wrapper may close: handed over
	}
	if rows.Next() {
		return nil
	}
	defer rows.Close()
	return nil
}

func wrapperReleased(ctx context.Context, db *pgwrap.DB) error {
	rows, err := db.Select(ctx, "SELECT 1")
	if err != nil {
		return err
	}
	defer rows.Release()
	return nil
}

// ---- generics ----

func scanAll[T any](rows *sql.Rows, scan func(*sql.Rows) (T, error)) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func scanInt(r *sql.Rows) (int, error) {
	var n int
	err := r.Scan(&n)
	return n, err
}

func genericHelper(db *sql.DB) ([]int, error) {
	rows, err := db.Query("SELECT 1")
	if err != nil {
		return nil, err
	}
	return scanAll(rows, scanInt)
}

func firstOf[T any](db *sql.DB, dest *T) error {
	rows, err := db.Query("SELECT 1") // want `^rows are not closed on the return at line 659, holding a pooled connection; defer rows\.Close\(\)$`
	if err != nil {
		return err
	}
	if !rows.Next() {
		return errNotFound
	}
	return rows.Scan(dest)
}

func toScanFunc[T any](db *sql.DB, scan func(*sql.Rows) (T, error)) (T, error) {
	var zero T
	rows, err := db.Query("SELECT 1")
	if err != nil {
		return zero, err
	}
	return scan(rows) // a function value: handed over
}

// ---- phi-like reassignment, labelled loops ----

func eitherQuery(db *sql.DB, archived bool) error {
	var rows *sql.Rows
	var err error
	if archived {
		rows, err = db.Query("SELECT 1 FROM archive")
	} else {
		rows, err = db.Query("SELECT 1 FROM live")
	}
	if err != nil {
		return err
	}
	defer rows.Close()
	return nil
}

func eitherQueryNotClosed(db *sql.DB, archived bool) bool {
	var rows *sql.Rows
	var err error
	if archived {
		rows, err = db.Query("SELECT 1 FROM archive") // want `^rows are not closed on the return at line 699, holding a pooled connection; close rows on every path$` `^rows\.Err is never checked after rows\.Next at line 699: an error reads as no row; check rows\.Err\(\) when Next returns false$`
	} else {
		rows, err = db.Query("SELECT 1 FROM live") // the same mistake as the branch above's: reported once, there
	}
	if err != nil {
		return false
	}
	return rows.Next()
}

func labelledContinue(db *sql.DB, queries []string) {
outer:
	for _, q := range queries {
		rows, err := db.Query(q) // want `^rows are not closed when the loop runs db\.Query again, holding a pooled connection; close rows in each iteration$`
		if err != nil {
			continue
		}
		for rows.Next() {
			var skip bool
			if rows.Scan(&skip) == nil && skip {
				continue outer
			}
		}
		rows.Close()
	}
}

func labelledBreakClosed(db *sql.DB, queries []string) {
outer:
	for _, q := range queries {
		rows, err := db.Query(q)
		if err != nil {
			continue
		}
		for rows.Next() {
			var stop bool
			if rows.Scan(&stop) == nil && stop {
				rows.Close()
				break outer
			}
		}
		rows.Close()
	}
}

// ---- drained only ----

func drainedOnly(db *sql.DB) ([]int, error) {
	rows, err := db.Query("SELECT 1") // want `^rows close only when Next at line 745 returns false; an early return or panic leaks them: defer rows\.Close\(\)$`
	if err != nil {
		return nil, err
	}
	var ids []int
	for rows.Next() {
		var id int
		_ = rows.Scan(&id)
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

func drainedBySqlx(db *sqlx.DB) error {
	rows, err := db.Queryx("SELECT 1") // want `^rows close only when sqlx\.StructScan at line 759 reads them all; an early return or panic leaks them: defer rows\.Close\(\)$`
	if err != nil {
		return err
	}
	var dest []struct{ A int }
	return sqlx.StructScan(rows, &dest)
}

func collect(rows *sql.Rows) []int {
	var out []int
	for rows.Next() { // want `^rows\.Err is never checked after this Next loop: an error reads as the end of the rows; check rows\.Err\(\) when Next returns false$`
		var n int
		_ = rows.Scan(&n)
		out = append(out, n)
	}
	return out
}

func drainedByHelper(db *sql.DB) []int {
	rows, err := db.Query("SELECT 1") // want `^rows close only when collect at line 777 reads them all; an early return or panic leaks them: defer rows\.Close\(\)$`
	if err != nil {
		return nil
	}
	return collect(rows)
}

// ---- results discarded ----

func discarded(ctx context.Context, db *sql.DB, x *sqlx.DB, q Querier) error {
	db.Query("DELETE FROM t")                       // want `^these rows are discarded and never closed, holding a pooled connection; use db\.ExecContext\(ctx, \.\.\.\)$`
	_, err := db.QueryContext(ctx, "DELETE FROM t") // want `^these rows are discarded and never closed, holding a pooled connection; use db\.ExecContext$`
	if err != nil {
		return err
	}
	_, err = x.Queryx("DELETE FROM t")   // want `^these rows are discarded and never closed, holding a pooled connection; use x\.ExecContext\(ctx, \.\.\.\)$`
	q.QueryContext(ctx, "DELETE FROM t") // want `^these rows are discarded and never closed, holding a pooled connection; close them$`
	return err
}

func discardedOnTx(tx *sql.Tx) error {
	_, err := tx.Query("SELECT check_constraints()") // want `^these rows are discarded and never closed, keeping the transaction busy; use tx\.Exec$`
	return err
}

// A test that expects the query to fail; the last rows are discarded once,
// which no test run notices (-tests reports it: rowsclose/testsflag).
func TestQueryFails(t *testing.T) {
	var db *sql.DB
	_, err := db.Query("SELECT * FROM missing")
	if err == nil {
		t.Fatal("expected an error")
	}
	if _, err := db.Query("SELECT 1"); err != nil {
		t.Fatal(err)
	}
}

// ---- *sql.Row ----

func rowScanned(ctx context.Context, db *sql.DB) (int, error) {
	var n int
	err := db.QueryRowContext(ctx, "SELECT 1").Scan(&n)
	return n, err
}

func rowScannedLater(db *sql.DB) (n int, err error) {
	row := db.QueryRow("SELECT 1")
	err = row.Scan(&n)
	return
}

func rowErrOnly(db *sql.DB) error {
	return db.QueryRow("SELECT 1").Err() // want `^this row is never scanned \(only Err is called\), holding a pooled connection; call Scan or use db\.Exec$`
}

func rowDropped(db *sql.DB) {
	db.QueryRow("UPDATE t SET a = 1") // want `^this row is never scanned, holding a pooled connection; call Scan or use db\.Exec$`
}

func rowNotScannedOnAPath(db *sql.DB, fast bool) (int, error) {
	row := db.QueryRow("SELECT 1") // want `^row is not scanned on the return at line 839, holding a pooled connection; call row\.Scan on every path$`
	if err := row.Err(); err != nil {
		return 0, err // the query failed: no rows to hold
	}
	if fast {
		return 0, nil
	}
	var n int
	return n, row.Scan(&n)
}

func scanUser(row *sql.Row) (string, error) {
	var name string
	err := row.Scan(&name)
	return name, err
}

func rowToHelper(db *sql.DB) (string, error) {
	return scanUser(db.QueryRow("SELECT name FROM users"))
}

func sqlxRow(db *sqlx.DB) {
	var v struct{ A int }
	if err := db.QueryRowx("SELECT 1").StructScan(&v); err != nil {
		return
	}
	r := db.QueryRowx("SELECT 2") // want `^r is not scanned when the function ends, holding a pooled connection; call r\.Scan on every path$`
	_ = r.Err()
}

// ---- defer rows.Close() in a loop ----

func deferInLoop(db *sql.DB, ids []int) error {
	for _, id := range ids {
		rows, err := db.Query("SELECT a FROM t WHERE id = $1", id) // want `^rows\.Err is never checked after rows\.Next at line 873: an error reads as no row; check rows\.Err\(\) when Next returns false$`
		if err != nil {
			return err
		}
		defer rows.Close() // want `^rows\.Close deferred in the loop at line 867 runs only at return: each iteration holds a connection; close rows in the iteration$`
		if rows.Next() {
			var a int
			_ = rows.Scan(&a)
		}
	}
	return nil
}

func deferInLoopDrained(db *sql.DB, ids []int) error {
	for _, id := range ids {
		rows, err := db.Query("SELECT a FROM t WHERE id = $1", id)
		if err != nil {
			return err
		}
		defer rows.Close() // read to the end below: Next closes them
		for rows.Next() {
			var a int
			if err := rows.Scan(&a); err != nil {
				return err
			}
		}
	}
	return nil
}

func closeInClosurePerIteration(db *sql.DB, ids []int) error {
	for _, id := range ids {
		err := func() error {
			rows, err := db.Query("SELECT a FROM t WHERE id = $1", id)
			if err != nil {
				return err
			}
			defer rows.Close()
			return nil
		}()
		if err != nil {
			return err
		}
	}
	return nil
}

// ---- closures ----

func insideClosure(db *sql.DB) func() error {
	return func() error {
		rows, err := db.Query("SELECT 1") // want `^rows are not closed on the return at line 924, holding a pooled connection; defer rows\.Close\(\)$` `^rows\.Err is never checked after rows\.Next at line 923: an error reads as no row; check rows\.Err\(\) when Next returns false$`
		if err != nil {
			return err
		}
		_ = rows.Next()
		return nil
	}
}

// ---- the query's context, cancelled, closes the rows ----

func cancelledContext(ctx context.Context, db *sql.DB) (bool, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	rows, err := db.QueryContext(ctx, "SELECT 1")
	if err != nil {
		return false, err
	}
	return rows.Next(), nil
}

func cancelledOnOnePath(ctx context.Context, db *sql.DB, stop bool) bool {
	ctx, cancel := context.WithCancel(ctx)
	rows, err := db.QueryContext(ctx, "SELECT 1") // want `^rows are not closed on the return at line 951, holding a pooled connection; defer rows\.Close\(\)$` `^rows\.Err is never checked after rows\.Next at line 951: an error reads as no row; check rows\.Err\(\) when Next returns false$`
	if err != nil {
		cancel()
		return false
	}
	if stop {
		cancel()
		return false
	}
	return rows.Next()
}

func cancelledDiscard(ctx context.Context, db *sql.DB) error {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	_, err := db.QueryContext(ctx, "SELECT pg_sleep(2)") // the timeout closes whatever it returned
	return err
}

func alreadyCancelled(ctx context.Context, db *sql.DB) error {
	ctx, cancel := context.WithCancel(ctx)
	cancel()
	return db.QueryRowContext(ctx, "SELECT 1").Err()
}

func TestFailedTestPathsDoNotCount(t *testing.T) {
	var db *sql.DB
	rows, err := db.Query("SELECT 1")
	if err != nil {
		t.Fatal(err)
	}
	if !rows.Next() {
		t.Error("no rows") // drained anyway
		return
	}
	var n int
	if err := rows.Scan(&n); err != nil {
		t.Errorf("scan: %v", err) // the test has failed
		return
	}
	rows.Close()
	if _, err := db.Prepare("bad"); err == nil {
		t.Error("expected an error")
	}
}

// ---- a row type of this package that keeps its rows in a field ----

type myRow struct {
	*sql.Row
	rows *sql.Rows
}

func (r *myRow) get(dest any) error {
	defer r.rows.Close()
	return r.rows.Scan(dest)
}

func (r *myRow) peek() bool { return r.rows != nil }

type rowSource interface{ one(q string) *myRow }

func ownRowType(src rowSource) error {
	r := src.one("SELECT 1")
	var n int
	return r.get(&n)
}

func ownRowTypeNotScanned(src rowSource) bool {
	r := src.one("SELECT 1") // want `^r is not scanned on the return at line 1012, holding a pooled connection; call r\.Scan on every path$`
	return r.peek()
}

// ---- exported for package b ----

// CloseRows closes rows.
func CloseRows(rows *sql.Rows) { closeRows(rows) }

// CountRows reads rows without closing them; package b cannot see that.
func CountRows(rows *sql.Rows) int { return countRows(rows) }

// Query returns rows the caller must close.
func Query(db *sql.DB) (*sql.Rows, error) { return db.Query("SELECT 1") }

// ---- suppression ----

// A leaked handle is reported at its producer: the directive goes there.
func suppressed(db *sql.DB) bool {
	//dbpoollint:ignore rowsclose the caller's context cancellation closes them
	rows, _ := db.Query("SELECT 1")
	return rows.Next()
}

func main() {}
