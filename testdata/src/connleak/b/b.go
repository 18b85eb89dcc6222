// Package b uses the helpers of package a. Their bodies are in another
// package: b's analysis cannot read them, so a transaction passed to them is
// assumed to be handled (the precision rule).
package b

import (
	"context"
	"database/sql"

	"connleak/a"
)

func endedByA(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, "DELETE FROM sessions")
	return a.EndTx(tx, err)
}

// a.Insert does not end it, but b cannot know.
func insertedByA(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	return a.Insert(ctx, tx)
}

// A transaction from another package's function (not a method of a pool
// wrapper) may be a getter's: not followed.
func fromA(ctx context.Context, db *sql.DB) error {
	tx, err := a.Begin(ctx, db)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, "DELETE FROM sessions")
	return err
}
