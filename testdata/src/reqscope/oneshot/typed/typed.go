// Package typed exports a type with methods: other packages call them, so
// the functions with a migration's signature are not taken for migrations.
package typed

import (
	"context"
	"database/sql"
)

func Purge(ctx context.Context, tx *sql.Tx) error {
	return purge(ctx, tx)
}

func purge(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, "DELETE FROM jobs")
	return err
}

type Queue struct{ db *sql.DB }

func (q *Queue) Len(ctx context.Context) (n int, err error) {
	err = q.db.QueryRowContext(ctx, "SELECT count(*) FROM jobs").Scan(&n)
	return n, err
}
