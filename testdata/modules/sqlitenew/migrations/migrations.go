// Package migrations receives its transactions and imports no driver; the
// module opens PostgreSQL too (lib/pq), whose connections refuse a
// statement while the rows of another are open: reported.
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
		if _, err := tx.ExecContext(ctx, "UPDATE notes SET slug = id WHERE id = $1", id); err != nil { // want `^tx\.ExecContext while rows \(line 24\) are open: the connection is busy and drivers fail the statement; read rows into memory and close them first$`
			return err
		}
	}
	return rows.Err()
}
