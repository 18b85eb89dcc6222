// Package postgres imports lib/pq only for pq.Array, in a module that opens
// SQLite and PostgreSQL; its SQL is PostgreSQL's (BIGSERIAL, = ANY($1), a
// :: cast), so its pools are lib/pq's: a statement while rows of the
// transaction are open fails, and an error in the rows of a transaction
// begun out of sight aborts it, so whoever commits it gets the failure
// (rows.Err left to -rowsclose.strict).
package postgres

import (
	"context"
	"database/sql"

	"github.com/lib/pq"
)

const schema = "CREATE TABLE IF NOT EXISTS rooms (nid BIGSERIAL PRIMARY KEY, room_id TEXT NOT NULL)"

type Store struct{ db *sql.DB }

func (s *Store) Renumber(ctx context.Context, tx *sql.Tx, ids []string) error {
	rows, err := tx.QueryContext(ctx, "SELECT nid FROM rooms WHERE room_id = ANY($1)", pq.Array(ids))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var nid int64
		if err := rows.Scan(&nid); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE rooms SET nid = nid + 1 WHERE nid = $1::bigint", nid); err != nil { // want `^tx\.ExecContext while rows \(line 21\) are open: the connection is busy and drivers fail the statement; read rows into memory and close them first$`
			return err
		}
	}
	return rows.Err()
}

// Exists reads rows of a transaction its caller began: an error in them
// aborts the transaction, and the caller's Commit fails.
func Exists(ctx context.Context, tx *sql.Tx, id string) (bool, error) {
	rows, err := tx.QueryContext(ctx, "SELECT 1 FROM rooms WHERE room_id = $1", id)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	if rows.Next() {
		return true, nil
	}
	return false, nil
}

// ExistsIn runs in a transaction a helper begins and commits.
func (s *Store) ExistsIn(ctx context.Context, id string) (found bool, err error) {
	err = withTx(ctx, s.db, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, "SELECT 1 FROM rooms WHERE room_id = $1", id)
		if err != nil {
			return err
		}
		defer rows.Close()
		if rows.Next() {
			found = true
		}
		return nil
	})
	return found, err
}

func withTx(ctx context.Context, db *sql.DB, fn func(*sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// ExistsOnPool reads rows of the pool: no transaction fails with the
// error, reported.
func (s *Store) ExistsOnPool(ctx context.Context, id string) (bool, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT 1 FROM rooms WHERE room_id = $1", id) // want `^rows\.Err is never checked after rows\.Next at line 88: an error reads as no row; check rows\.Err\(\) when Next returns false$`
	if err != nil {
		return false, err
	}
	defer rows.Close()
	if rows.Next() {
		return true, nil
	}
	return false, nil
}

// ExistsBegunHere begins its transaction and drops Commit's error: the
// rule for a transaction begun in the function holds, reported.
func (s *Store) ExistsBegunHere(ctx context.Context, id string) (bool, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, "SELECT 1 FROM rooms WHERE room_id = $1", id) // want `^rows\.Err is never checked after rows\.Next at line 107: an error reads as no row; check rows\.Err\(\) when Next returns false$`
	if err != nil {
		return false, err
	}
	defer rows.Close()
	found := rows.Next()
	tx.Commit()
	return found, nil
}

// Probe discards rows of a transaction: on PostgreSQL the next statement of
// the transaction fails, reported.
func Probe(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.QueryContext(ctx, "SELECT room_id FROM rooms LIMIT 1") // want `^these rows are discarded and never closed, keeping the transaction busy; use tx\.ExecContext$`
	if err == nil {
		return nil
	}
	_, err = tx.ExecContext(ctx, schema)
	return err
}
