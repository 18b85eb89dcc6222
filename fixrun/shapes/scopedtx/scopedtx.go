// Package scopedtx: a transaction begun with no context, returned to the
// caller, in a function whose own context is cancelled as it returns.
// BeginTx with that context would roll the transaction back before the
// caller uses it: no fix.
package scopedtx

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

func begin(ctx context.Context, db *sql.DB) (*sql.Tx, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		return nil, err
	}
	return db.Begin()
}

// Run adds 10 to n of row 3 in a transaction.
func Run(ctx context.Context, db *sql.DB) (string, error) {
	tx, err := begin(ctx, db)
	if err != nil {
		return "", err
	}
	defer tx.Rollback()
	// database/sql rolls a transaction back from a goroutine of its own
	// once its context is done: give it the time to.
	time.Sleep(20 * time.Millisecond)
	if _, err := tx.ExecContext(ctx, "UPDATE t SET n = n + 10 WHERE id = 3"); err != nil {
		return "", err
	}
	if err := tx.Commit(); err != nil {
		return "", err
	}
	var n int
	if err := db.QueryRowContext(ctx, "SELECT n FROM t WHERE id = 3").Scan(&n); err != nil {
		return "", err
	}
	return fmt.Sprint(n), nil
}
