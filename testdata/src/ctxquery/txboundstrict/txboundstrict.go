// Package txboundstrict is analyzed with -ctxquery.strict: the statements
// of a transaction a helper given no context began are reported, without a
// fix (the transaction is not bound to the context at hand); a Prepare on a
// transaction begun with the context at hand is reported and fixed.
package txboundstrict

import (
	"context"
	"database/sql"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

func withTx(db *sql.DB, fn func(*sql.Tx) error) error {
	tx, err := db.Begin() // want `^db\.Begin takes no context, so no deadline reaches it and cancelling never rolls it back; pass one with db\.BeginTx\(ctx, nil\)$`
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

func load(ctx context.Context, db *sql.DB) (n int, err error) {
	err = withTx(db, func(tx *sql.Tx) error { // want `^withTx drops ctx: db\.Begin at line 16 runs without it; give withTx a context parameter and pass ctx$`
		return tx.QueryRow(`SELECT count(*) FROM t`).Scan(&n) // want `^tx\.QueryRow takes no context, so nothing cancels the query; use tx\.QueryRowContext\(ctx, \.\.\.\)$`
	})
	return n, err
}

func inPgxTx(pool *pgxpool.Pool, fn func(pgx.Tx) error) error {
	return fn(nil)
}

func pgxHelper(ctx context.Context, pool *pgxpool.Pool) error {
	return inPgxTx(pool, func(tx pgx.Tx) error {
		_, err := tx.Exec(context.Background(), "UPDATE t SET n = 3") // want `^tx\.Exec gets context\.Background\(\) though ctx is at hand: nothing cancels the query; pass ctx$`
		return err
	})
}

func insert(ctx context.Context, db *sql.DB, name string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	stmt, err := tx.Prepare("INSERT INTO t (name) VALUES ($1)") // want `^tx\.Prepare takes no context, so nothing cancels the prepare; use tx\.PrepareContext\(ctx, \.\.\.\)$`
	if err != nil {
		return err
	}
	defer stmt.Close()
	if _, err := stmt.ExecContext(ctx, name); err != nil {
		return err
	}
	return tx.Commit()
}
