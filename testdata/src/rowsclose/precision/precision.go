// Package precision holds the cases of issue 20 where rowsclose was wrong
// on services it had never seen: rows of a wrapper whose Next delegates,
// an existence check that returns when Next is false, a test that expects
// a query to fail, and rows.Err on a count whose no-row path fails anyway.
package precision

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ---- rows of a wrapper whose Next delegates to the library's ----

// Rows embeds the rows and redefines Next, delegating.
type Rows struct{ *sql.Rows }

func (r *Rows) Next() bool { return r.Rows.Next() }

// Tx wraps a transaction; its Query returns wrapped rows.
type Tx struct{ *sql.Tx }

func (t Tx) Query(ctx context.Context, q string) (*Rows, error) {
	rows, err := t.Tx.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	return &Rows{rows}, nil
}

type Store struct{ db *sql.DB }

func (s *Store) Query(ctx context.Context, q string) (*Rows, error) {
	rows, err := s.db.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	return &Rows{rows}, nil
}

// Read to the end, closed: silent.
func wrapperClosed(ctx context.Context, s *Store) ([]int, error) {
	rows, err := s.Query(ctx, "SELECT id FROM t")
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

// Read to the end without Close: drained, as database/sql rows would be.
func wrapperDrained(ctx context.Context, s *Store) (n int, err error) {
	rows, err := s.Query(ctx, "SELECT id FROM t") // want `^rows close only when Next at line 71 returns false; an early return or panic leaks them: close rows on every path$`
	if err != nil {
		return 0, err
	}
	for rows.Next() {
		n++
	}
	return n, rows.Err()
}

// A deferred Close in a loop whose iterations read the rows to the end.
func wrapperDeferInLoop(ctx context.Context, s *Store, qs []string) (n int, err error) {
	for _, q := range qs {
		rows, err := s.Query(ctx, q)
		if err != nil {
			return 0, err
		}
		defer rows.Close()
		for rows.Next() {
			n++
		}
		if err := rows.Err(); err != nil {
			return 0, err
		}
	}
	return n, nil
}

// The transaction runs a statement once the rows are read to the end.
func wrapperThenExec(ctx context.Context, tx Tx) error {
	rows, err := tx.Query(ctx, "SELECT id FROM t")
	if err != nil {
		return err
	}
	defer rows.Close()
	var ids []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return err
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, "UPDATE t SET seen = true")
	return err
}

// PgRows wraps pgx's rows, counting them.
type PgRows struct {
	pgx.Rows
	n int
}

func (r *PgRows) Next() bool {
	ok := r.Rows.Next()
	if ok {
		r.n++
	}
	return ok
}

func pgQuery(ctx context.Context, conn *pgx.Conn, q string) (*PgRows, error) {
	rows, err := conn.Query(ctx, q)
	if err != nil {
		return nil, err
	}
	return &PgRows{Rows: rows}, nil
}

// pgx rows read to the end close themselves: silent.
func pgWrapperDrained(ctx context.Context, conn *pgx.Conn) (int, error) {
	rows, err := pgQuery(ctx, conn, "SELECT id FROM t")
	if err != nil {
		return 0, err
	}
	for rows.Next() {
	}
	return rows.n, rows.Err()
}

// Held holds the rows in a field of its own: the rows go where the wrapper
// goes (handed over where it is built), the wrapper is no handle.
type Held struct{ rows *sql.Rows }

func (h *Held) Next() bool             { return h.rows.Next() }
func (h *Held) Scan(dest ...any) error { return h.rows.Scan(dest...) }
func (h *Held) Err() error             { return h.rows.Err() }

func heldDrained(ctx context.Context, db *sql.DB) (n int, err error) {
	rows, err := db.QueryContext(ctx, "SELECT id FROM t")
	if err != nil {
		return 0, err
	}
	it := &Held{rows: rows}
	for it.Next() {
		n++
	}
	return n, it.Err()
}

// A Next that does not read the rows it wraps is no drain.
type Limited struct {
	*sql.Rows
	left int
}

func (l *Limited) Next() bool {
	l.left--
	return l.left >= 0
}

func limited(ctx context.Context, db *sql.DB) (*Limited, error) {
	rows, err := db.QueryContext(ctx, "SELECT id FROM t")
	if err != nil {
		return nil, err
	}
	return &Limited{Rows: rows, left: 10}, nil
}

func limitedNotClosed(ctx context.Context, db *sql.DB) (n int, err error) {
	rows, err := limited(ctx, db) // want `^rows are not closed on the return at line 200, holding a pooled connection; close rows on every path$`
	if err != nil {
		return 0, err
	}
	for rows.Next() {
		n++
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	return n, nil
}

// ---- an existence check that returns when Next is false ----

// Next returning false closed the rows; the other branch defers Close.
func firstID(ctx context.Context, db *sql.DB) (int, error) {
	rows, err := db.QueryContext(ctx, "SELECT id FROM t LIMIT 1")
	if err != nil {
		return 0, err
	}
	if !rows.Next() {
		return 0, rows.Err()
	}
	defer rows.Close()
	var id int
	err = rows.Scan(&id)
	return id, err
}

// The same with the branches the other way round.
func firstName(ctx context.Context, db *sql.DB) (string, error) {
	rows, err := db.QueryContext(ctx, "SELECT name FROM t LIMIT 1")
	if err != nil {
		return "", err
	}
	if rows.Next() {
		defer rows.Close()
		var name string
		err := rows.Scan(&name)
		return name, err
	}
	return "", rows.Err()
}

// The branch where Next is true is left open.
func firstIDLeaked(ctx context.Context, db *sql.DB) (int, error) {
	rows, err := db.QueryContext(ctx, "SELECT id FROM t LIMIT 1") // want `^rows are not closed on the return at line 246, holding a pooled connection; defer rows\.Close\(\)$`
	if err != nil {
		return 0, err
	}
	if !rows.Next() {
		return 0, rows.Err()
	}
	var id int
	err = rows.Scan(&id)
	return id, err
}

// ---- a test that expects the query to fail: a row with an error holds no connection ----

func TestQueryFailsWithRequire(t *testing.T) {
	var db *sql.DB
	row := db.QueryRow("SELECT broken")
	require.Error(t, row.Err())
}

func TestQueryFailsWithAssert(t *testing.T) {
	var db *sql.DB
	row := db.QueryRowContext(context.Background(), "SELECT broken")
	assert.Error(t, row.Err())
}

func TestQueryFailsWithAssertions(t *testing.T) {
	var db *sql.DB
	must := require.New(t)
	row := db.QueryRow("SELECT broken")
	err := row.Err()
	must.Error(err)
}

func TestQueryFailsWithFatal(t *testing.T) {
	var db *sql.DB
	row := db.QueryRow("SELECT broken")
	if row.Err() == nil {
		t.Fatal("the query should fail")
	}
}

// A helper the tests call: reading the row's Err alone leaves it unscanned.
func rowErr(db *sql.DB) error {
	row := db.QueryRow("SELECT 1") // want `^row is not scanned on the return at line 282, holding a pooled connection; call row\.Scan on every path$`
	return row.Err()
}

// ---- rows.Err on a count or an existence check ----

// The no-row path fails anyway: the error is mislabelled, not lost.
func countOrNoRows(ctx context.Context, db *sql.DB) (int, error) {
	rows, err := db.QueryContext(ctx, "SELECT count(*) FROM t")
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	if !rows.Next() {
		return 0, sql.ErrNoRows
	}
	var n int
	err = rows.Scan(&n)
	return n, err
}

func existsOrNotFound(ctx context.Context, db *sql.DB, id int) (bool, error) {
	rows, err := db.QueryContext(ctx, "SELECT 1 FROM t WHERE id = $1", id)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	if !rows.Next() {
		return false, errors.New("not found")
	}
	return true, nil
}

func nameOrNotFound(ctx context.Context, conn *pgx.Conn, id int) (string, error) {
	rows, err := conn.Query(ctx, "SELECT name FROM t WHERE id = $1", id)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	if !rows.Next() {
		err = fmt.Errorf("user %d not found", id)
		return "", err
	}
	var name string
	err = rows.Scan(&name)
	return name, err
}

// The no-row path reports success: a failed query reads as "not there".
func existsLost(ctx context.Context, db *sql.DB, id int) (bool, error) {
	rows, err := db.QueryContext(ctx, "SELECT 1 FROM t WHERE id = $1", id) // want `^rows\.Err is never checked after rows\.Next at line 336: an error reads as no row; check rows\.Err\(\) when Next returns false$`
	if err != nil {
		return false, err
	}
	defer rows.Close()
	if !rows.Next() {
		return false, nil
	}
	return true, nil
}

// No error result: the same.
func existsBool(ctx context.Context, conn *pgx.Conn, id int) bool {
	rows, err := conn.Query(ctx, "SELECT 1 FROM t WHERE id = $1", id) // want `^rows\.Err is never checked after rows\.Next at line 349: an error reads as no row; check rows\.Err\(\) when Next returns false$`
	if err != nil {
		return false
	}
	defer rows.Close()
	return rows.Next()
}

// The query's own err, nil by then, returned after the loop: a truncated
// count reads as the whole.
func countLost(ctx context.Context, conn *pgx.Conn) (n int, err error) {
	rows, err := conn.Query(ctx, "SELECT id FROM t") // want `^rows\.Err is never checked after the Next loop at line 360: an error reads as the end of the rows; check rows\.Err\(\) when Next returns false$`
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	for rows.Next() {
		n++
	}
	return n, err
}

// ---- rows of a transaction another function ends, read to the end ----

// The caller's Commit or Rollback closes the rows an early return or a
// panic would leave: silent, as their leaks on error returns are.
func keysOnTx(tx *sql.Tx) ([]string, error) {
	rows, err := tx.Query("SELECT k FROM t")
	if err != nil {
		return nil, err
	}
	var keys []string
	for rows.Next() {
		var k string
		_ = rows.Scan(&k)
		keys = append(keys, k)
	}
	return keys, rows.Err()
}

// A transaction this function begins, its Rollback deferred before the
// rows: the Rollback closes them on an early return or a panic. Silent.
func keysOwnTx(db *sql.DB) ([]string, error) {
	tx, err := db.Begin()
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	rows, err := tx.Query("SELECT k FROM t")
	if err != nil {
		return nil, err
	}
	var keys []string
	for rows.Next() {
		var k string
		_ = rows.Scan(&k)
		keys = append(keys, k)
	}
	return keys, rows.Err()
}

// ---- an error mapped before its check ----

type pgError struct{ Code string }

func mapError(err error) *pgError {
	if err == nil {
		return nil
	}
	return &pgError{Code: "23503"}
}

// merr := mapError(err); merr != nil: the query failed, no rows to close.
func insertMapped(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, "INSERT INTO t VALUES (1) RETURNING id")
	if merr := mapError(err); merr != nil && merr.Code == "23503" {
		return nil
	}
	if err != nil {
		return err
	}
	defer rows.Close()
	return nil
}
