// Package record exports only functions with a migration's signature that
// nothing here calls, but none of its statements changes a schema: they are
// a service's operations another package calls per request, so nothing here
// runs once.
package record

import (
	"context"
	"database/sql"
)

func Record(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, "INSERT INTO visits (at) VALUES (now())")
	return err
}

func Purge(ctx context.Context, tx *sql.Tx) error {
	return purge(ctx, tx)
}

func purge(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, "DELETE FROM visits WHERE at < now() - interval '30 days'")
	return err
}
