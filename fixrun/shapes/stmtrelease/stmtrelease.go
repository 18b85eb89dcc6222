// Package stmtrelease: a prepared statement never closed (connleak adds
// defer stmt.Close()).
package stmtrelease

import (
	"context"
	"database/sql"
	"fmt"
)

// Run reads n of row 1 through a prepared statement.
func Run(ctx context.Context, db *sql.DB) (string, error) {
	stmt, err := db.PrepareContext(ctx, "SELECT n FROM t WHERE id = ?")
	if err != nil {
		return "", err
	}
	var n int
	if err := stmt.QueryRowContext(ctx, 1).Scan(&n); err != nil {
		return "", err
	}
	return fmt.Sprint(n), nil
}
