// Package txctx keeps the request's transaction in its context: a getter
// from another package, whose result the caller does not own.
package txctx

import (
	"context"
	"database/sql"
	"io"
)

type key struct{}

// From returns the transaction stored in ctx.
func From(ctx context.Context) *sql.Tx {
	tx, _ := ctx.Value(key{}).(*sql.Tx)
	return tx
}

// Lookup returns the transaction stored in ctx, or an error.
func Lookup(ctx context.Context) (*sql.Tx, error) {
	return From(ctx), nil
}

// Finish commits or rolls back; the analyzer cannot see that from another package.
func Finish(tx *sql.Tx, err error) error { return nil }

// MustClose closes c.
func MustClose(c io.Closer) { _ = c.Close() }
