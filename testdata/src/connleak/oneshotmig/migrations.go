// Package oneshotmig registers a migration from init through variables
// holding function literals: the literal runs once, a transaction left
// open only on its error returns is not reported; the same code kept in a
// function that serves is.
package oneshotmig

import (
	"context"
	"database/sql"

	"github.com/pressly/goose/v3"
)

func init() {
	up := func(ctx context.Context, db *sql.DB) error {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE statuses SET thread_id = id"); err != nil {
			return err // the migration fails, and the process with it
		}
		return tx.Commit()
	}
	down := func(ctx context.Context, db *sql.DB) error { return nil }
	goose.AddMigrationNoTxContext(up, down)
}

// Rethread serves: reported.
func Rethread(ctx context.Context, db *sql.DB, id int64) error {
	tx, err := db.BeginTx(ctx, nil) // want `^tx is left open on the return at line 36 until ctx ends, holding its connection and locks; defer tx\.Rollback\(\)$`
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE statuses SET thread_id = id WHERE id = $1", id); err != nil {
		return err
	}
	return tx.Commit()
}
