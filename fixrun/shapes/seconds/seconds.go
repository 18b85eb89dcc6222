// Package seconds: a lifetime meant in seconds given in nanoseconds
// (maxopenzero writes 1800 * time.Second).
package seconds

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Run sets the pool's lifetime, then runs three queries a little apart.
func Run(ctx context.Context, db *sql.DB) (string, error) {
	db.SetConnMaxLifetime(1800)
	var out []int
	for range 3 {
		var n int
		if err := db.QueryRowContext(ctx, "SELECT count(*) FROM t").Scan(&n); err != nil {
			return "", err
		}
		out = append(out, n)
		time.Sleep(5 * time.Millisecond)
	}
	return fmt.Sprint(out), nil
}
