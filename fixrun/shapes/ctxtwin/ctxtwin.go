// Package ctxtwin: a query without the context at hand (ctxquery switches
// to QueryRowContext(ctx, ...)).
package ctxtwin

import (
	"context"
	"database/sql"
	"fmt"
)

// Run sums n.
func Run(ctx context.Context, db *sql.DB) (string, error) {
	var sum int
	if err := db.QueryRow("SELECT sum(n) FROM t").Scan(&sum); err != nil {
		return "", err
	}
	return fmt.Sprint(sum), nil
}
