// Package pqconn imports lib/pq for pq.CopyIn, which runs on lib/pq's
// connections: its pools are lib/pq's, whatever its SQL says.
package pqconn

import (
	"context"
	"database/sql"

	"github.com/lib/pq"
)

func Copy(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, "SELECT id FROM sqlite_master")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if _, err := tx.ExecContext(ctx, pq.CopyIn("t", "id")); err != nil { // want `^tx\.ExecContext while rows \(line 13\) are open: the connection is busy and drivers fail the statement; read rows into memory and close them first$`
			return err
		}
	}
	return rows.Err()
}
