// Package calledin: a function with a migration's signature that another
// one of the package calls is a step of something else, not a migration
// another package registers.
package calledin

import (
	"context"
	"database/sql"
)

func Reset(ctx context.Context, tx *sql.Tx) error {
	if err := Truncate(ctx, tx); err != nil {
		return err
	}
	return seed(ctx, tx)
}

func Truncate(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, "TRUNCATE jobs")
	return err
}

func seed(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, "INSERT INTO jobs DEFAULT VALUES")
	return err
}
