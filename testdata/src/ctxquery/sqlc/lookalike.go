package sqlc

import (
	"context"
	"database/sql"
)

// A look-alike without WithTx is not sqlc's shape: its methods are not
// known to be database calls.
type DBTX interface {
	ExecContext(context.Context, string, ...interface{}) (sql.Result, error)
	QueryContext(context.Context, string, ...interface{}) (*sql.Rows, error)
	QueryRowContext(context.Context, string, ...interface{}) *sql.Row
}

type Queries struct{ db DBTX }

func New(db DBTX) *Queries { return &Queries{db: db} }

func (q *Queries) Lookup(ctx context.Context, key string) string { return key }

func lookalike(ctx context.Context, q *Queries) string {
	return q.Lookup(context.Background(), "k")
}
