// Package detached: context.Background() though a context is at hand
// (ctxquery passes ctx).
package detached

import (
	"context"
	"database/sql"
	"fmt"
)

// Run reads the largest id.
func Run(ctx context.Context, db *sql.DB) (string, error) {
	var id int
	if err := db.QueryRowContext(context.Background(), "SELECT max(id) FROM t").Scan(&id); err != nil {
		return "", err
	}
	return fmt.Sprint(id), nil
}
