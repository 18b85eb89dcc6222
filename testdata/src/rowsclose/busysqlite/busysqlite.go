// Package busysqlite runs on SQLite, whose connections run a statement
// while the rows of another are unread: silent.
package busysqlite

import (
	"context"
	"database/sql"

	_ "github.com/mattn/go-sqlite3"
)

func Archive(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, "SELECT id FROM orders")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if _, err := tx.ExecContext(ctx, "UPDATE orders SET archived = 1"); err != nil {
			return err
		}
	}
	return rows.Err()
}
