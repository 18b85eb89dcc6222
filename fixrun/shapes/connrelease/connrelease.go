// Package connrelease: a connection never returned to the pool (connleak
// adds defer conn.Close()).
package connrelease

import (
	"context"
	"database/sql"
	"fmt"
)

// Run counts the rows on a dedicated connection.
func Run(ctx context.Context, db *sql.DB) (string, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return "", err
	}
	var n int
	if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM t").Scan(&n); err != nil {
		return "", err
	}
	return fmt.Sprint(n), nil
}
