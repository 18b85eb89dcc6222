// Package a holds pooldeadlock's cases: a function that holds a connection
// of a pool and asks the same pool for another.
package a

import (
	"context"
	"database/sql"
	"sync"

	"github.com/jmoiron/sqlx"
)

type Repo struct {
	db      *sql.DB
	replica *sql.DB
	x       *sqlx.DB
}

// ---- a transaction begun on the pool ----

// The classic: the audit row goes to the pool instead of the transaction.
func (r *Repo) Capture(ctx context.Context, id string) error {
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE payments SET state = 'captured' WHERE id = $1", id); err != nil {
		return err
	}
	if _, err := r.db.ExecContext(ctx, "INSERT INTO audit (payment) VALUES ($1)", id); err != nil { // want `^r\.db\.ExecContext takes a second connection while tx holds one: N such calls deadlock a pool of N; run it on tx$`
		return err
	}
	return tx.Commit()
}

// The idiomatic twin: everything on the transaction.
func (r *Repo) CaptureOnTx(ctx context.Context, id string) error {
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE payments SET state = 'captured' WHERE id = $1", id); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO audit (payment) VALUES ($1)", id); err != nil {
		return err
	}
	return tx.Commit()
}

// A read replica is another pool.
func (r *Repo) CaptureReadingReplica(ctx context.Context, id string) error {
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := r.replica.QueryRowContext(ctx, "SELECT count(*) FROM payments").Scan(&n); err != nil {
		return err
	}
	return tx.Commit()
}

// After Commit the connection is back in the pool.
func (r *Repo) AfterCommit(ctx context.Context, id string) error {
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE t SET a = 1"); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	_, err = r.db.ExecContext(ctx, "INSERT INTO audit VALUES ($1)", id)
	return err
}

// A same-package helper that uses the same field.
func (r *Repo) count(ctx context.Context) (int, error) {
	var n int
	err := r.db.QueryRowContext(ctx, "SELECT count(*) FROM payments").Scan(&n)
	return n, err
}

func (r *Repo) CaptureCounting(ctx context.Context) error {
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := r.count(ctx); err != nil { // want `^r\.count takes a second connection from r\.db while tx holds one: N such calls deadlock a pool of N; pass tx to it instead$`
		return err
	}
	return tx.Commit()
}

// A helper given the transaction uses the transaction.
func auditOn(ctx context.Context, tx *sql.Tx, id string) error {
	_, err := tx.ExecContext(ctx, "INSERT INTO audit VALUES ($1)", id)
	return err
}

func (r *Repo) CaptureWithHelperOnTx(ctx context.Context, id string) error {
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := auditOn(ctx, tx, id); err != nil {
		return err
	}
	return tx.Commit()
}

// A helper given the pool: the same pool.
func auditOnPool(ctx context.Context, db *sql.DB, id string) error {
	_, err := db.ExecContext(ctx, "INSERT INTO audit VALUES ($1)", id)
	return err
}

func CaptureWithHelperOnPool(ctx context.Context, db *sql.DB, id string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := auditOnPool(ctx, db, id); err != nil { // want `^auditOnPool takes a second connection from db while tx holds one: N such calls deadlock a pool of N; pass tx to it instead$`
		return err
	}
	return tx.Commit()
}

// A parameter that may be another pool.
func CopyBetween(ctx context.Context, src, dst *sql.DB) error {
	tx, err := dst.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	rows, err := src.QueryContext(ctx, "SELECT id FROM t")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO t VALUES ($1)", id); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return tx.Commit()
}

// sqlx: the same.
func (r *Repo) SqlxTx(ctx context.Context) error {
	tx, err := r.x.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := r.x.GetContext(ctx, &n, "SELECT 1"); err != nil {
		return err
	}
	return tx.Commit()
}

// ---- a dedicated connection ----

func Locked(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock(1)"); err != nil {
		return err
	}
	return db.PingContext(ctx) // want `^db\.PingContext takes a second connection while conn holds one: N such calls deadlock a pool of N; run it on conn$`
}

// ---- rows still open: the N+1 loop ----

func Orders(ctx context.Context, db *sql.DB) (map[int]int, error) {
	rows, err := db.QueryContext(ctx, "SELECT id FROM orders")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[int]int)
	for rows.Next() {
		var id, n int
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		if err := db.QueryRowContext(ctx, "SELECT count(*) FROM lines WHERE order_id = $1", id).Scan(&n); err != nil { // want `^db\.QueryRowContext takes a second connection while rows holds one: N such calls deadlock a pool of N; buffer rows and close it first$`
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}

// The rows read to the end and closed first: silent.
func OrdersThenLines(ctx context.Context, db *sql.DB) (map[int]int, error) {
	rows, err := db.QueryContext(ctx, "SELECT id FROM orders")
	if err != nil {
		return nil, err
	}
	var ids []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make(map[int]int)
	for _, id := range ids {
		var n int
		if err := db.QueryRowContext(ctx, "SELECT count(*) FROM lines WHERE order_id = $1", id).Scan(&n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, nil
}

// ---- goroutines, loops, method values, generics ----

// A goroutine started in the region and waited for while the transaction
// is open: the same deadlock.
func (r *Repo) Background(ctx context.Context) error {
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		_, _ = r.db.ExecContext(ctx, "SELECT 1") // want `^r\.db\.ExecContext takes a second connection while tx holds one: N such calls deadlock a pool of N; run it on tx$`
	}()
	wg.Wait()
	return tx.Commit()
}

// A goroutine nobody waits for may run after the commit: silent.
func (r *Repo) FireAndForget(ctx context.Context) error {
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	go func() {
		_, _ = r.db.ExecContext(ctx, "SELECT 1")
	}()
	go r.db.ExecContext(ctx, "SELECT 2")
	return tx.Commit()
}

// Waited for after the commit: silent.
func (r *Repo) WaitAfterCommit(ctx context.Context) error {
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var wg sync.WaitGroup
	wg.Go(func() {
		_, _ = r.db.ExecContext(ctx, "SELECT 1")
	})
	err = tx.Commit()
	wg.Wait()
	return err
}

// In a loop, each iteration's transaction.
func (r *Repo) Batches(ctx context.Context, ids []int) error {
	for _, id := range ids {
		tx, err := r.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := r.db.ExecContext(ctx, "UPDATE t SET seen = true WHERE id = $1", id); err != nil { // want `^r\.db\.ExecContext takes a second connection while tx holds one: N such calls deadlock a pool of N; run it on tx$`
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// A method value of the pool.
func (r *Repo) MethodValue(ctx context.Context) error {
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	exec := r.db.ExecContext
	if _, err := exec(ctx, "SELECT 1"); err != nil { // want `^exec takes a second connection while tx holds one: N such calls deadlock a pool of N; run it on tx$`
		return err
	}
	return tx.Commit()
}

// Generic code over the pool type.
type querier interface {
	*sql.DB | *sqlx.DB
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func counted[Q querier](ctx context.Context, q Q) int {
	var n int
	_ = q.QueryRowContext(ctx, "SELECT 1").Scan(&n)
	return n
}

func Generic(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	_ = counted(ctx, db) // want `^counted takes a second connection from db while tx holds one: N such calls deadlock a pool of N; pass tx to it instead$`
	return tx.Commit()
}
