// Package fix holds the cases a fix running the call on the held
// transaction or connection would change (the audit row would roll back
// with the transaction): no fix, so fix.go.golden is this file unchanged.
package fix

import (
	"context"
	"database/sql"

	"github.com/jackc/pgx/v5/pgxpool"
)

func capture(ctx context.Context, db *sql.DB, id string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := db.ExecContext(ctx, "INSERT INTO audit (payment) VALUES ($1)", id); err != nil { // want `^db\.ExecContext takes a second connection while tx holds one: N such calls deadlock a pool of N; run it on tx$`
		return err
	}
	return tx.Commit()
}

func locked(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	_, err = db.ExecContext(ctx, "SELECT 1") // want `^db\.ExecContext takes a second connection while conn holds one: N such calls deadlock a pool of N; run it on conn$`
	return err
}

func transfer(ctx context.Context, pool *pgxpool.Pool) error {
	tx, err := pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if _, err := pool.Exec(ctx, "UPDATE t SET a = 1"); err != nil { // want `^pool\.Exec takes a second connection while tx holds one: N such calls deadlock a pool of N; run it on tx$`
		return err
	}
	return tx.Commit(ctx)
}

// Begin has no counterpart on a transaction: no fix.
func nested(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx2, err := db.BeginTx(ctx, nil) // want `^db\.BeginTx takes a second connection while tx holds one: N such calls deadlock a pool of N; end tx first$`
	if err != nil {
		return err
	}
	defer tx2.Rollback()
	return tx.Commit()
}
