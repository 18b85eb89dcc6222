// Package exectwin: an UPDATE run through Query whose rows are dropped
// (rowsclose switches to ExecContext(ctx, ...)).
package exectwin

import (
	"context"
	"database/sql"
	"fmt"
)

// Run increments n of row 2 and reads it back.
func Run(ctx context.Context, db *sql.DB) (string, error) {
	db.Query("UPDATE t SET n = n + 1 WHERE id = 2")
	var n int
	if err := db.QueryRowContext(ctx, "SELECT n FROM t WHERE id = 2").Scan(&n); err != nil {
		return "", err
	}
	return fmt.Sprint(n), nil
}
