// Package sqlite3 imports no driver, in a module that opens SQLite and
// PostgreSQL; its SQL is SQLite's (AUTOINCREMENT, INSERT OR REPLACE), so its
// pools are SQLite's: a statement while rows of the transaction are open is
// allowed, and rows of a transaction discarded stay open until it ends,
// which SQLite allows too (-rowsclose.strict reports them).
package sqlite3

import (
	"context"
	"database/sql"
)

const schema = `
-- messages, one row per message
CREATE TABLE IF NOT EXISTS messages (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	body TEXT NOT NULL
);`

const upsert = "INSERT OR REPLACE INTO seen (id) VALUES ($1)"

type Store struct{ db *sql.DB }

func (s *Store) MarkSeen(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, "SELECT id FROM messages")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, upsert, id); err != nil {
			return err
		}
	}
	return rows.Err()
}

// AddColumn probes for a column: the rows stay open until the transaction
// ends, which closes them.
func AddColumn(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.QueryContext(ctx, "SELECT body FROM messages LIMIT 1")
	if err == nil {
		return nil
	}
	_, err = tx.ExecContext(ctx, schema)
	return err
}

// Touch discards rows of the pool: reported, strict or not.
func (s *Store) Touch(ctx context.Context) {
	s.db.QueryContext(ctx, "UPDATE messages SET body = body") // want `^these rows are discarded and never closed, holding a pooled connection; use s\.db\.ExecContext$`
}
