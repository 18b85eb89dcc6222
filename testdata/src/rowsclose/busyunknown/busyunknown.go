// Package busyunknown receives its transactions from elsewhere and imports
// no driver, and no module tells which (GOPATH layout): the driver cannot
// be known, so the dialect-specific busy connection stays silent. pgx's own
// transactions are PostgreSQL's whatever the imports.
package busyunknown

import (
	"context"
	"database/sql"

	"github.com/jackc/pgx/v5"
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

func ArchivePgx(ctx context.Context, tx pgx.Tx) error {
	rows, err := tx.Query(ctx, "SELECT id FROM orders")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if _, err := tx.Exec(ctx, "UPDATE orders SET archived = 1"); err != nil { // want `^tx\.Exec while rows \(line 29\) are open: the connection is busy and drivers fail the statement; read rows into memory and close them first$`
			return err
		}
	}
	return rows.Err()
}
