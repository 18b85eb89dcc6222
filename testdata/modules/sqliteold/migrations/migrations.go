// Package migrations receives its transactions and imports no driver: the
// module opens SQLite only, whose connections run a statement while the
// rows of another are open: rows-busy-connection is silent.
package migrations

import (
	"context"
	"database/sql"
)

func Run(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := backfill(ctx, tx); err != nil {
		return err
	}
	return tx.Commit()
}

func backfill(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, "SELECT id FROM notes")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE notes SET slug = id WHERE id = ?", id); err != nil {
			return err
		}
	}
	return rows.Err()
}
