// Package store exports a function that is no migration beside functions
// with a migration's signature: it serves, so nothing here runs once.
package store

import (
	"context"
	"database/sql"
)

func DeleteExpired(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE expires < now()")
	return err
}

func Count(ctx context.Context, db *sql.DB) (int, error) {
	var n int
	err := db.QueryRowContext(ctx, "SELECT count(*) FROM sessions").Scan(&n)
	return n, err
}
