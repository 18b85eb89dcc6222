// Package onlyrow: a function that reads exactly one row and then checks
// that no second row follows (R10VT-D1). An error on that trailing Next
// comes after the only row was read in full: the value returned is the one
// the database sent, so the unchecked rows.Err is left to -strict. A
// trailing Next in a loop, one whose no-row branch returns something else
// than the row read, one after an unchecked Scan, and a first Next whose
// no-row branch succeeds are still reported.
package onlyrow

import (
	"context"
	"database/sql"
	"errors"
	"log"

	"github.com/jmoiron/sqlx"
)

type quotaManager struct{ DB *sql.DB }

// countUnsequenced is trillian's crdb quota count: silent.
func (m *quotaManager) countUnsequenced(ctx context.Context) (int, error) {
	rows, err := m.DB.QueryContext(ctx, "SELECT COUNT(*) FROM unsequenced")
	if err != nil {
		return 0, err
	}
	defer func() {
		if err := rows.Close(); err != nil {
			log.Printf("Close(): %v", err)
		}
	}()
	if !rows.Next() {
		return 0, errors.New("cursor has no rows after quota limit determination query")
	}
	var count int
	if err := rows.Scan(&count); err != nil {
		return 0, err
	}
	if rows.Next() {
		return 0, errors.New("too many rows returned from quota limit determination query")
	}
	return count, nil
}

type tree struct {
	ID   int64
	Name string
}

// treeOf scans into a struct's fields with the error assigned before its
// test, and returns a pointer to it: silent.
func treeOf(ctx context.Context, db *sql.DB, id int64) (*tree, error) {
	rows, err := db.QueryContext(ctx, "SELECT id, name FROM trees WHERE id = $1", id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	if !rows.Next() {
		return nil, sql.ErrNoRows
	}
	var t tree
	err = rows.Scan(&t.ID, &t.Name)
	if err != nil {
		return nil, err
	}
	if rows.Next() {
		return nil, errors.New("more than one tree")
	}
	return &t, nil
}

// countOrZero returns a default, not the row read, when no second row
// follows: reported.
func countOrZero(ctx context.Context, db *sql.DB) (int, error) {
	rows, err := db.QueryContext(ctx, "SELECT COUNT(*) FROM t") // want `^rows\.Err is never checked after rows\.Next at line 88: an error reads as no row; check rows\.Err\(\) when Next returns false$`
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	def := 0
	if !rows.Next() {
		return 0, errors.New("no rows")
	}
	var n int
	if err := rows.Scan(&n); err != nil {
		return 0, err
	}
	if rows.Next() {
		return 0, errors.New("too many rows")
	}
	return def, nil
}

// countLoop checks for more rows with a loop: reported (sqlx's rows, which
// the bundled sqlrowserr does not look at).
func countLoop(ctx context.Context, db *sqlx.DB) (int, error) {
	rows, err := db.QueryxContext(ctx, "SELECT COUNT(*) FROM t") // want `^rows\.Err is never checked after the Next loop at line 109: an error reads as the end of the rows; check rows\.Err\(\) when Next returns false$`
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	if !rows.Next() {
		return 0, errors.New("no rows")
	}
	var n int
	if err := rows.Scan(&n); err != nil {
		return 0, err
	}
	for rows.Next() {
		return 0, errors.New("too many rows")
	}
	return n, nil
}

// countScanUnchecked drops the Scan's error: reported.
func countScanUnchecked(ctx context.Context, db *sql.DB) (int, error) {
	rows, err := db.QueryContext(ctx, "SELECT COUNT(*) FROM t") // want `^rows\.Err is never checked after rows\.Next at line 127: an error reads as no row; check rows\.Err\(\) when Next returns false$`
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	if !rows.Next() {
		return 0, errors.New("no rows")
	}
	var n int
	_ = rows.Scan(&n)
	if rows.Next() {
		return 0, errors.New("too many rows")
	}
	return n, nil
}

// countOrNone treats no row as zero: the first Next loses the error.
func countOrNone(ctx context.Context, db *sql.DB) (int, error) {
	rows, err := db.QueryContext(ctx, "SELECT COUNT(*) FROM t") // want `^rows\.Err is never checked after rows\.Next at line 140: an error reads as no row; check rows\.Err\(\) when Next returns false$`
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	if !rows.Next() {
		return 0, nil
	}
	var n int
	if err := rows.Scan(&n); err != nil {
		return 0, err
	}
	if rows.Next() {
		return 0, errors.New("too many rows")
	}
	return n, nil
}

// countWarned only logs a second row: reported.
func countWarned(ctx context.Context, db *sql.DB) (int, error) {
	rows, err := db.QueryContext(ctx, "SELECT COUNT(*) FROM t") // want `^rows\.Err is never checked after rows\.Next at line 167: an error reads as no row; check rows\.Err\(\) when Next returns false$`
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	if !rows.Next() {
		return 0, errors.New("no rows")
	}
	var n int
	if err := rows.Scan(&n); err != nil {
		return 0, err
	}
	if rows.Next() {
		log.Print("more than one row")
	}
	return n, nil
}
