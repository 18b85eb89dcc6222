// Package latest is the service's own code: its import path ends in
// "test", but the service imports it, so it is no test harness.
package latest

import (
	"context"
	"database/sql"
)

func Mark(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil) // want `^tx is left open on the return at line 16 until ctx ends, holding its connection and locks; defer tx\.Rollback\(\)$`
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE marks SET latest = true"); err != nil {
		return err
	}
	return tx.Commit()
}
