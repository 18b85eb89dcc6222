// Package rowserr holds the rows.Err shapes beyond x/tools' sqlrowserr:
// rowsclose reports them; what sqlrowserr reports, rowsclose leaves to it.
package rowserr

import (
	"context"
	"database/sql"
	"io"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jmoiron/sqlx"
)

// An existence check: Next returns false on an error too.
func exists(ctx context.Context, db *sql.DB, id int) (bool, error) {
	rows, err := db.QueryContext(ctx, "SELECT 1 FROM t WHERE id = $1", id) // want `^rows\.Err is never checked after rows\.Next at line 22: an error reads as no row; check rows\.Err\(\) when Next returns false$`
	if err != nil {
		return false, err
	}
	defer rows.Close()
	if rows.Next() {
		return true, nil
	}
	return false, nil
}

// The idiomatic twin.
func existsChecked(ctx context.Context, db *sql.DB, id int) (bool, error) {
	rows, err := db.QueryContext(ctx, "SELECT 1 FROM t WHERE id = $1", id)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	if rows.Next() {
		return true, nil
	}
	return false, rows.Err()
}

// Rows assigned in both branches of an if, read by one loop: one finding.
func either(db *sql.DB, all bool) ([]int, error) {
	var rows *sql.Rows
	var err error
	if all {
		rows, err = db.Query("SELECT id FROM t") // want `^rows\.Err is never checked after the Next loop at line 55: an error reads as the end of the rows; check rows\.Err\(\) when Next returns false$`
	} else {
		rows, err = db.Query("SELECT id FROM t WHERE live") // one loop, one finding: reported at the first producer
	}
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
	return ids, nil
}

// A wrapper that embeds the pool and redefines Query.
type Store struct{ *sql.DB }

func (s *Store) Query(q string, args ...any) (*sql.Rows, error) { return s.DB.Query(q, args...) }

func viaWrapper(s *Store) (n int, err error) {
	rows, err := s.Query("SELECT 1") // want `^rows\.Err is never checked after the Next loop at line 76: an error reads as the end of the rows; check rows\.Err\(\) when Next returns false$`
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	for rows.Next() {
		n++
	}
	return n, nil
}

// A same-package helper reads the rows: its body is read.
func scanIDs(rows *sql.Rows) []int {
	var ids []int
	for rows.Next() { // want `^rows\.Err is never checked after this Next loop: an error reads as the end of the rows; check rows\.Err\(\) when Next returns false$`
		var id int
		_ = rows.Scan(&id)
		ids = append(ids, id)
	}
	return ids
}

func scanIDsChecked(rows *sql.Rows) ([]int, error) {
	ids := scanIDs(rows)
	return ids, rows.Err()
}

func viaHelper(db *sql.DB) []int {
	rows, err := db.Query("SELECT id FROM t")
	if err != nil {
		return nil
	}
	defer rows.Close()
	return scanIDs(rows)
}

// A second caller of the same helper: the finding is the helper's, once
// (kine's RowsToEvents had five callers).
func viaHelperAgain(db *sql.DB) []int {
	rows, err := db.Query("SELECT id FROM u")
	if err != nil {
		return nil
	}
	defer rows.Close()
	return scanIDs(rows)
}

func viaCheckingHelper(db *sql.DB) ([]int, error) {
	rows, err := db.Query("SELECT id FROM t")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return scanIDsChecked(rows)
}

// sqlx's rows.
func sqlxRows(db *sqlx.DB) (n int) {
	rows, err := db.Queryx("SELECT id FROM t") // want `^rows\.Err is never checked after the Next loop at line 134: an error reads as the end of the rows; check rows\.Err\(\) when Next returns false$`
	if err != nil {
		return 0
	}
	defer rows.Close()
	for rows.Next() {
		n++
	}
	return n
}

// pgx's rows: Err after Close is how pgx reports them.
func pgxRows(ctx context.Context, pool *pgxpool.Pool) (n int, err error) {
	rows, err := pool.Query(ctx, "SELECT id FROM t") // want `^rows\.Err is never checked after the Next loop at line 147: an error reads as the end of the rows; check rows\.Err\(\) when Next returns false$`
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	for rows.Next() {
		n++
	}
	return n, nil
}

func pgxRowsChecked(ctx context.Context, pool *pgxpool.Pool) (n int, err error) {
	rows, err := pool.Query(ctx, "SELECT id FROM t")
	if err != nil {
		return 0, err
	}
	for rows.Next() {
		n++
	}
	rows.Close()
	return n, rows.Err()
}

// CollectRows checks the error itself.
func pgxCollected(ctx context.Context, pool *pgxpool.Pool) ([]int, error) {
	rows, err := pool.Query(ctx, "SELECT id FROM t")
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[int])
}

// The shape sqlrowserr reports: a Next loop over database/sql rows. It is
// sqlrowserr's finding; rowsclose stays silent so that it is seen once.
func sqlrowserrShape(db *sql.DB) (n int) {
	rows, err := db.Query("SELECT id FROM t")
	if err != nil {
		return 0
	}
	defer rows.Close()
	for rows.Next() {
		n++
	}
	return n
}

// Rows handed over: whoever gets them may check.
type cursor struct{ rows *sql.Rows }

func handedOver(db *sql.DB) (*cursor, error) {
	rows, err := db.Query("SELECT id FROM t")
	if err != nil {
		return nil, err
	}
	if !rows.Next() {
		rows.Close()
		return nil, nil
	}
	return &cursor{rows: rows}, nil
}

// watermill-sql's adapter: the rows are returned as an interface without
// Err, so no caller can check it.
type Rows interface {
	Scan(dest ...any) error
	Close() error
	Next() bool
}

type Tx struct{ *sql.Tx }

func (t Tx) QueryContext(ctx context.Context, q string, args ...any) (Rows, error) {
	return t.Tx.QueryContext(ctx, q, args...) // want `^rows returned as Rows, which has no Err method: no caller can tell an error from the end of the rows; add Err\(\) error to Rows$`
}

// With Err in the interface: silent.
type CheckedRows interface {
	Next() bool
	Scan(dest ...any) error
	Close() error
	Err() error
}

func (t Tx) QueryChecked(ctx context.Context, q string) (CheckedRows, error) {
	rows, err := t.Tx.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	return rows, nil
}

// As a Closer: not rows-like, silent.
func (t Tx) QueryCloser(ctx context.Context, q string) (io.Closer, error) {
	return t.Tx.QueryContext(ctx, q)
}
