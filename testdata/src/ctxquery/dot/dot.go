// Package dot dot-imports sqlx: the twin's bare name reaches it too.
package dot

import (
	"context"

	. "github.com/jmoiron/sqlx"
)

func get(ctx context.Context, x *DB) error {
	var n int
	return Get(x, &n, "SELECT 1") // want `Get takes no context while ctx is at hand: when ctx is cancelled or its deadline passes, the query keeps its connection until the database finishes; use GetContext\(ctx, ...\)`
}
