// Package dot dot-imports sqlx: the twin's bare name reaches it too.
package dot

import (
	"context"

	. "github.com/jmoiron/sqlx"
)

func get(ctx context.Context, x *DB) error {
	var n int
	return Get(x, &n, "SELECT 1") // want `^Get takes no context, so nothing cancels the query; use GetContext\(ctx, \.\.\.\)$`
}
