// Package commit: rows of a PostgreSQL transaction begun in the function,
// read before a Commit whose error is returned, or of a transaction begun
// out of sight (a parameter, pgx.BeginFunc's callback): an error in the
// middle of the rows aborts the transaction, the Commit fails with it, so
// the error is mislabelled, not lost (left to -strict). With the Commit's
// error dropped, or on the pool, it is lost.
package commit

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

func ids(ctx context.Context, pool *pgxpool.Pool) ([]int64, error) {
	tx, err := pool.Begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(ctx)
	rows, err := tx.Query(ctx, "SELECT id FROM t FOR UPDATE")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, err
	}
	return out, nil
}

func idsCommitDropped(ctx context.Context, pool *pgxpool.Pool) ([]int64, error) {
	tx, err := pool.Begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(ctx)
	rows, err := tx.Query(ctx, "SELECT id FROM t") // want `^rows\.Err is never checked after the Next loop at line 53: an error reads as the end of the rows; check rows\.Err\(\) when Next returns false$`
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	tx.Commit(ctx)
	return out, nil
}

// Rows of a transaction the caller began: an error in them aborts it, and
// whoever commits it gets the failure (left to -strict).
func idsOf(ctx context.Context, tx pgx.Tx) ([]int64, error) {
	rows, err := tx.Query(ctx, "SELECT id FROM t")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, nil
}

// The transaction of pgx.BeginFunc's callback: BeginFunc commits it and
// returns Commit's error (left to -strict).
func idsInFunc(ctx context.Context, pool *pgxpool.Pool) (out []int64, err error) {
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, "SELECT id FROM t")
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return err
			}
			out = append(out, id)
		}
		return nil
	})
	return out, err
}

// Rows of the pool: no transaction fails with the error, reported.
func idsOfPool(ctx context.Context, pool *pgxpool.Pool) ([]int64, error) {
	rows, err := pool.Query(ctx, "SELECT id FROM t") // want `^rows\.Err is never checked after the Next loop at line 112: an error reads as the end of the rows; check rows\.Err\(\) when Next returns false$`
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, nil
}
