// Package mixed imports no driver and has SQL of both dialects: the
// module's drivers, lib/pq among them, are unchanged.
package mixed

import (
	"context"
	"database/sql"
)

var schemas = []string{
	"CREATE TABLE a (id INTEGER PRIMARY KEY AUTOINCREMENT)",
	"CREATE TABLE b (id BIGSERIAL PRIMARY KEY)",
}

func Copy(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, "SELECT id FROM a")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if _, err := tx.ExecContext(ctx, "INSERT INTO b DEFAULT VALUES"); err != nil { // want `^tx\.ExecContext while rows \(line 16\) are open: the connection is busy and drivers fail the statement; read rows into memory and close them first$`
			return err
		}
	}
	return rows.Err()
}
