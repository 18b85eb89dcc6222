// Package seed receives its pool: the module opens SQLite only, whose open
// transaction holds the write lock, and connleak says so.
package seed

import (
	"context"
	"database/sql"
	"errors"
)

func Seed(ctx context.Context, db *sql.DB, empty bool) error {
	tx, err := db.BeginTx(ctx, nil) // want `^tx is left open on the return at line 17, holding SQLite's write lock once it writes: other writers stall, then get database is locked; defer tx\.Rollback\(\)$`
	if err != nil {
		return err
	}
	if empty {
		return errors.New("nothing to seed")
	}
	return tx.Commit()
}
