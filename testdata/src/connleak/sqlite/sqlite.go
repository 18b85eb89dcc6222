// Package sqlite opens SQLite only: a transaction left open holds the
// database's write lock, and the message says what that does to writers.
package sqlite

import (
	"context"
	"database/sql"
	"errors"

	_ "modernc.org/sqlite"
)

func Rename(ctx context.Context, db *sql.DB, id int, name string) error {
	tx, err := db.BeginTx(ctx, nil) // want `^tx is left open on the return at line 19, holding SQLite's write lock once it writes: other writers stall, then get database is locked; defer tx\.Rollback\(\)$`
	if err != nil {
		return err
	}
	if name == "" {
		return errors.New("empty name")
	}
	if _, err := tx.ExecContext(ctx, "UPDATE notes SET name = ? WHERE id = ?", name, id); err != nil {
		return err
	}
	return tx.Commit()
}

// Ended on every path: silent.
func Delete(ctx context.Context, db *sql.DB, id int) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "DELETE FROM notes WHERE id = ?", id); err != nil {
		return err
	}
	return tx.Commit()
}

// A message that would run past 160 characters says what any transaction
// holds.
func Backfill(ctx context.Context, db *sql.DB, empty bool) error {
	backfillTransactionOfTheNotes, err := db.BeginTx(ctx, nil) // want `^backfillTransactionOfTheNotes is left open on the return at line 48, holding its connection and locks; defer backfillTransactionOfTheNotes\.Rollback\(\)$`
	if err != nil {
		return err
	}
	if empty {
		return errors.New("nothing to backfill")
	}
	return backfillTransactionOfTheNotes.Commit()
}
