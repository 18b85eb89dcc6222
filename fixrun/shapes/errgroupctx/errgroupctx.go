// Package errgroupctx: after Wait, the only context at hand is the
// errgroup's, cancelled once Wait returns. Passing it would make the query
// fail every time ("context canceled"): no fix.
package errgroupctx

import (
	"context"
	"database/sql"
	"fmt"

	"golang.org/x/sync/errgroup"
)

// Run counts the rows in a goroutine, then sums n.
func Run(ctx context.Context, db *sql.DB) (string, error) {
	g, ctx := errgroup.WithContext(ctx)
	var count int
	g.Go(func() error {
		return db.QueryRowContext(ctx, "SELECT count(*) FROM t").Scan(&count)
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
