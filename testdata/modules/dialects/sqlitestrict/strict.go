// Package sqlitestrict is SQLite's (PRAGMA, WITHOUT ROWID): with
// -rowsclose.strict, rows of a transaction discarded are reported though the
// transaction's end closes them.
package sqlitestrict

import (
	"context"
	"database/sql"
)

const schema = "CREATE TABLE IF NOT EXISTS kv (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID"

func AddColumn(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, "PRAGMA foreign_keys = ON"); err != nil {
		return err
	}
	_, err := tx.QueryContext(ctx, "SELECT v FROM kv LIMIT 1") // want `^these rows are discarded and never closed, keeping the transaction busy; use tx\.ExecContext$`
	if err == nil {
		return nil
	}
	_, err = tx.ExecContext(ctx, schema)
	return err
}
