// Package pgxfix holds the fixes connleak offers for pgx handles.
package pgxfix

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

func transfer(ctx context.Context, pool *pgxpool.Pool) error {
	tx, err := pool.Begin(ctx) // want `^tx is left open on the return at line 17, holding its connection and locks; defer tx\.Rollback\(ctx\)$`
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, "UPDATE accounts SET balance = balance - 1"); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

func acquired(ctx context.Context, pool *pgxpool.Pool) error {
	conn, err := pool.Acquire(ctx) // want `^conn is not released on the return at line 28, so it never returns to the pool; defer conn\.Release\(\)$`
	if err != nil {
		return err
	}
	if err := conn.Ping(ctx); err != nil {
		return err
	}
	conn.Release()
	return nil
}

func connected(ctx context.Context, dsn string) error {
	conn, err := pgx.Connect(ctx, dsn) // want `^conn is not closed on the return at line 39, leaving it open on the database server; defer conn\.Close\(ctx\)$`
	if err != nil {
		return err
	}
	return conn.Ping(ctx)
}

func batch(ctx context.Context, pool *pgxpool.Pool, b *pgx.Batch) error {
	br := pool.SendBatch(ctx, b) // want `^br is not closed on the return at line 45, keeping its connection busy \("conn busy"\); defer br\.Close\(\)$`
	if _, err := br.Exec(); err != nil {
		return err
	}
	return br.Close()
}
