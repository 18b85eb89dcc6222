// Package txrelease: a transaction left open on a return (connleak adds
// defer tx.Rollback()).
package txrelease

import (
	"context"
	"database/sql"
	"fmt"
)

// Run increments n of row 1 only when it is even; on the other path the
// transaction is left open, holding its connection.
func Run(ctx context.Context, db *sql.DB) (string, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return "", err
	}
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT n FROM t WHERE id = 1").Scan(&n); err != nil {
		return "", err
	}
	if n%2 != 0 {
		return fmt.Sprintf("odd %d", n), nil
	}
	if _, err := tx.ExecContext(ctx, "UPDATE t SET n = n + 1 WHERE id = 1"); err != nil {
		return "", err
	}
	return fmt.Sprintf("even %d", n), tx.Commit()
}
