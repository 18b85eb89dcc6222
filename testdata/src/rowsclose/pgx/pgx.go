// Package pgx holds rowsclose's cases for pgx used natively: pgx.Rows and
// pgx.Row from a pool, a connection, a transaction, and the querier
// interface sqlc generates.
package pgx

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

type Author struct {
	ID   int64
	Name string
}

// DBTX is the interface sqlc generates.
type DBTX interface {
	Exec(context.Context, string, ...interface{}) (pgconn.CommandTag, error)
	Query(context.Context, string, ...interface{}) (pgx.Rows, error)
	QueryRow(context.Context, string, ...interface{}) pgx.Row
}

type Queries struct{ db DBTX }

// The shapes sqlc generates: silent.
func (q *Queries) ListAuthors(ctx context.Context) ([]Author, error) {
	rows, err := q.db.Query(ctx, "SELECT id, name FROM authors")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var items []Author
	for rows.Next() {
		var i Author
		if err := rows.Scan(&i.ID, &i.Name); err != nil {
			return nil, err
		}
		items = append(items, i)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return items, nil
}

func (q *Queries) GetAuthor(ctx context.Context, id int64) (Author, error) {
	row := q.db.QueryRow(ctx, "SELECT id, name FROM authors WHERE id = $1", id)
	var i Author
	err := row.Scan(&i.ID, &i.Name)
	return i, err
}

// A hand-written repository without Close: pgx closes the rows when Scan
// fails and when Next returns false, so the error return of the scan loop
// leaks nothing. Silent.
func names(ctx context.Context, pool *pgxpool.Pool) ([]string, error) {
	rows, err := pool.Query(ctx, "SELECT name FROM authors")
	if err != nil {
		return nil, err
	}
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// On a pgx transaction: Next returning false and a failed Scan close the
// rows. Silent.
func onTx(ctx context.Context, tx pgx.Tx) (int, error) {
	rows, err := tx.Query(ctx, "SELECT 1")
	if err != nil {
		return 0, err
	}
	if !rows.Next() {
		return 0, errors.New("none")
	}
	var n int
	if err := rows.Scan(&n); err != nil {
		return 0, err
	}
	rows.Close()
	return n, rows.Err()
}

func onConn(ctx context.Context, conn *pgx.Conn) error {
	rows, err := conn.Query(ctx, "SELECT 1")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
	}
	return rows.Err()
}

// The Collect helpers close the rows, whatever happens.
func collected(ctx context.Context, pool *pgxpool.Pool) ([]Author, error) {
	rows, err := pool.Query(ctx, "SELECT id, name FROM authors")
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[Author])
}

func collectedOne(ctx context.Context, pool *pgxpool.Pool) (int, error) {
	rows, _ := pool.Query(ctx, "SELECT count(*) FROM authors")
	return pgx.CollectOneRow(rows, pgx.RowTo[int])
}

func appended(ctx context.Context, pool *pgxpool.Pool, into []int) ([]int, error) {
	rows, err := pool.Query(ctx, "SELECT id FROM authors")
	if err != nil {
		return nil, err
	}
	return pgx.AppendRows(into, rows, pgx.RowTo[int])
}

func forEach(ctx context.Context, pool *pgxpool.Pool) error {
	rows, err := pool.Query(ctx, "SELECT id FROM authors")
	if err != nil {
		return err
	}
	var id int
	_, err = pgx.ForEachRow(rows, []any{&id}, func() error { return nil })
	return err
}

// Generic code and method values.
func query[T any](ctx context.Context, db DBTX, scan pgx.RowToFunc[T]) ([]T, error) {
	rows, err := db.Query(ctx, "SELECT * FROM t")
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, scan)
}

func methodValue(ctx context.Context, pool *pgxpool.Pool) error {
	q := pool.Query
	rows, err := q(ctx, "SELECT 1") // want `^rows are not closed on the return at line 153, holding a pooled connection; defer rows\.Close\(\)$`
	if err != nil {
		return err
	}
	if rows.Next() {
		return nil
	}
	rows.Close()
	return rows.Err()
}

// Drained only: Next returning false closes pgx rows, the library's
// documented idiom. Silent.
func drained(ctx context.Context, pool *pgxpool.Pool) (n int, err error) {
	rows, err := pool.Query(ctx, "SELECT 1")
	if err != nil {
		return 0, err
	}
	for rows.Next() {
		n++
	}
	return n, rows.Err()
}

// Discarded results.
func discarded(ctx context.Context, pool *pgxpool.Pool) {
	pool.Query(ctx, "DELETE FROM sessions")      // want `^these rows are discarded and never closed, holding a pooled connection; use pool\.Exec$`
	pool.QueryRow(ctx, "UPDATE t SET a = 1")     // want `^this row is never scanned, holding a pooled connection; call Scan or use pool\.Exec$`
	_ = pool.QueryRow(ctx, "UPDATE t SET a = 2") // want `^this row is never scanned, holding a pooled connection; call Scan or use pool\.Exec$`
}

// A pgx.Row scanned on one path only.
func rowOnOnePath(ctx context.Context, pool *pgxpool.Pool, skip bool) (int, error) {
	row := pool.QueryRow(ctx, "SELECT 1") // want `^row is not scanned on the return at line 183, holding a pooled connection; call row\.Scan on every path$`
	if skip {
		return 0, nil
	}
	var n int
	return n, row.Scan(&n)
}

// A batch's rows.
func batchRows(ctx context.Context, br pgx.BatchResults) error {
	rows, err := br.Query()
	if err != nil {
		return err
	}
	defer rows.Close()
	return rows.Err()
}

// pgx closes rows whose Scan fails: the return on that error leaks
// nothing. Silent.
func listTasks(ctx context.Context, conn *pgx.Conn) error {
	rows, _ := conn.Query(ctx, "select id, description from tasks")
	for rows.Next() {
		var id int32
		var description string
		if err := rows.Scan(&id, &description); err != nil {
			return err
		}
		_ = description
	}
	return rows.Err()
}

// The same with the error assigned first. Silent.
func listTasksAssigned(ctx context.Context, conn *pgx.Conn) error {
	rows, _ := conn.Query(ctx, "select id from tasks")
	for rows.Next() {
		var id int32
		err := rows.Scan(&id)
		if err != nil {
			return err
		}
	}
	return rows.Err()
}

// Another error returned inside the loop leaks them.
func listTasksOtherError(ctx context.Context, conn *pgx.Conn, check func(int32) error) error {
	rows, _ := conn.Query(ctx, "select id from tasks") // want `^rows are not closed on the return at line 236, keeping the connection busy; defer rows\.Close\(\)$`
	for rows.Next() {
		var id int32
		if err := rows.Scan(&id); err != nil {
			return err
		}
		if err := check(id); err != nil {
			return err
		}
	}
	return rows.Err()
}

// On a transaction, an early return of another error leaves the rows open,
// keeping the transaction's connection busy: its next statement fails with
// "conn busy".
func onTxLeak(ctx context.Context, tx pgx.Tx, limit int) (int, error) {
	rows, err := tx.Query(ctx, "SELECT 1") // want `^rows are not closed on the return at line 253, keeping the transaction busy; defer rows\.Close\(\)$`
	if err != nil {
		return 0, err
	}
	n := 0
	for rows.Next() {
		if n++; n > limit {
			return 0, errors.New("too many")
		}
	}
	return n, rows.Err()
}
