// Package owner holds rows of a transaction the function did not begin:
// the owner ends it, and database/sql closes its rows then.
package owner

import (
	"context"
	"database/sql"
	"errors"
)

// miniflux's migration: the caller rolls the transaction back as soon as
// this returns an error. Silent.
func FixTimezones(tx *sql.Tx) error {
	rows, err := tx.Query(`SELECT id, timezone FROM users`)
	if err != nil {
		return err
	}
	zones := map[int64]string{}
	for rows.Next() {
		var id int64
		var tz string
		if err := rows.Scan(&id, &tz); err != nil {
			return err
		}
		zones[id] = tz
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for id, tz := range zones {
		if _, err := tx.Exec(`UPDATE users SET timezone = $1 WHERE id = $2`, tz, id); err != nil {
			return err
		}
	}
	return nil
}

type Store struct {
	tx *sql.Tx
}

// A field: the same. Silent.
func (s *Store) Count(ctx context.Context) (int, error) {
	rows, err := s.tx.QueryContext(ctx, `SELECT 1`)
	if err != nil {
		return 0, err
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(&n); err != nil {
			return 0, err
		}
	}
	rows.Close()
	return n, rows.Err()
}

// A return without an error: the owner commits, and goes on with the rows
// open. Reported.
func First(ctx context.Context, tx *sql.Tx) (int, bool) {
	rows, err := tx.QueryContext(ctx, `SELECT 1`) // want `^rows are not closed on the return at line 69, keeping the transaction busy; defer rows\.Close\(\)$` `^rows\.Err is never checked after rows\.Next at line 66: an error reads as no row; check rows\.Err\(\) when Next returns false$`
	if err != nil {
		return 0, false
	}
	if rows.Next() {
		var n int
		_ = rows.Scan(&n)
		return n, true
	}
	rows.Close()
	return 0, false
}

// Begun here, with its Rollback deferred before the rows: the Rollback
// closes them on every return after it. Silent (begun here without the
// deferred Rollback, rowsclose/txend reports them).
func Begun(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT 1`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var n int
		if err := rows.Scan(&n); err != nil {
			return err
		}
		if n < 0 {
			return errors.New("negative")
		}
	}
	rows.Close()
	return tx.Commit()
}
