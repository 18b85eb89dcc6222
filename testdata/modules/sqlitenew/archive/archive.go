// Package archive imports modernc.org/sqlite itself: its pools are SQLite's,
// whatever else the module opens. Silent.
package archive

import (
	"context"
	"database/sql"

	_ "modernc.org/sqlite"
)

func Archive(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, "SELECT id FROM notes")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if _, err := tx.ExecContext(ctx, "UPDATE notes SET archived = 1"); err != nil {
			return err
		}
	}
	return rows.Err()
}
