// Package errgroupouter: after Wait, the errgroup's context is cancelled but
// the function's own ctx is live: the fix passes ctx, not errCtx.
package errgroupouter

import (
	"context"
	"database/sql"
	"fmt"

	"golang.org/x/sync/errgroup"
)

// Run counts the rows in a goroutine, then sums n.
func Run(ctx context.Context, db *sql.DB) (string, error) {
	g, errCtx := errgroup.WithContext(ctx)
	var count int
	g.Go(func() error {
		return db.QueryRowContext(errCtx, "SELECT count(*) FROM t").Scan(&count)
	})
	if err := g.Wait(); err != nil {
		return "", err
	}
	var sum int
	if err := db.QueryRow("SELECT sum(n) FROM t").Scan(&sum); err != nil {
		return "", err
	}
	return fmt.Sprint(count, sum), nil
}
