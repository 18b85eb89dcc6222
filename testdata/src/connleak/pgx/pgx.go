// Package pgx holds connleak's cases for pgx used natively: connections
// acquired from a pool, transactions, connections of their own, batches.
package pgx

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	pgxv4 "github.com/jackc/pgx/v4"
	pgxpoolv4 "github.com/jackc/pgx/v4/pgxpool"
)

// ---- connections acquired from a pool ----

func acquired(ctx context.Context, pool *pgxpool.Pool) error {
	conn, err := pool.Acquire(ctx) // want `^conn is not released on the return at line 23, so it never returns to the pool; defer conn\.Release\(\)$`
	if err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, "SET statement_timeout = 1000"); err != nil {
		return err
	}
	conn.Release()
	return nil
}

func acquiredReleased(ctx context.Context, pool *pgxpool.Pool) error {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	_, err = conn.Exec(ctx, "SELECT 1")
	return err
}

// Hijack takes the connection out of the pool: the *pgx.Conn it returns is
// the caller's to close.
func hijacked(ctx context.Context, pool *pgxpool.Pool) (*pgx.Conn, error) {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return nil, err
	}
	return conn.Hijack(), nil
}

func hijackedNeverClosed(ctx context.Context, pool *pgxpool.Pool) error {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return err
	}
	c := conn.Hijack() // want `^c is not closed on the return at line 55, leaving it open on the database server; close c on every path$`
	return c.Ping(ctx)
}

// AcquireFunc releases the connection itself.
func acquireFunc(ctx context.Context, pool *pgxpool.Pool) error {
	return pool.AcquireFunc(ctx, func(c *pgxpool.Conn) error {
		return c.Ping(ctx)
	})
}

// ---- transactions ----

func transfer(ctx context.Context, pool *pgxpool.Pool) error {
	tx, err := pool.Begin(ctx) // want `^tx is left open on the return at line 73, holding its connection and locks; defer tx\.Rollback\(ctx\)$`
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, "UPDATE accounts SET balance = balance - 1"); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

func transferRolledBack(ctx context.Context, pool *pgxpool.Pool) error {
	tx, err := pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if _, err := tx.Exec(ctx, "UPDATE accounts SET balance = balance - 1"); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// A nested transaction (a savepoint) must be ended too.
func nested(ctx context.Context, tx pgx.Tx) error {
	sp, err := tx.Begin(ctx) // want `^sp is left open on the return at line 97, holding its connection and locks; defer sp\.Rollback\(ctx\)$`
	if err != nil {
		return err
	}
	if _, err := sp.Exec(ctx, "INSERT INTO t VALUES (1)"); err != nil {
		return err
	}
	return sp.Commit(ctx)
}

// BeginFunc owns its transaction.
func beginFunc(ctx context.Context, pool *pgxpool.Pool) error {
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, "UPDATE t SET a = 1")
		return err
	})
}

func beginFuncV4(ctx context.Context, pool *pgxpoolv4.Pool) error {
	return pool.BeginFunc(ctx, func(tx pgxv4.Tx) error {
		_, err := tx.Query(ctx, "UPDATE t SET a = 1")
		_ = err
		return nil
	})
}

// ---- connections of their own ----

func connected(ctx context.Context, dsn string) error {
	conn, err := pgx.Connect(ctx, dsn) // want `^conn is not closed on the return at line 125, leaving it open on the database server; defer conn\.Close\(ctx\)$`
	if err != nil {
		return err
	}
	return conn.Ping(ctx)
}

func connectedClosed(ctx context.Context, dsn string) error {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	return conn.Ping(ctx)
}

// ---- batches ----

func batch(ctx context.Context, pool *pgxpool.Pool, b *pgx.Batch) error {
	br := pool.SendBatch(ctx, b) // want `^br is not closed on the return at line 142, keeping its connection busy \("conn busy"\); defer br\.Close\(\)$`
	if _, err := br.Exec(); err != nil {
		return err
	}
	return br.Close()
}

func batchClosed(ctx context.Context, pool *pgxpool.Pool, b *pgx.Batch) error {
	br := pool.SendBatch(ctx, b)
	defer br.Close()
	_, err := br.Exec()
	return err
}

func batchDiscarded(ctx context.Context, conn *pgx.Conn, b *pgx.Batch) {
	conn.SendBatch(ctx, b) // want `^this batch is discarded and never closed, keeping its connection busy \("conn busy"\); keep it and end it$`
}

// ---- v4 ----

func acquiredV4(ctx context.Context, pool *pgxpoolv4.Pool) error {
	conn, err := pool.Acquire(ctx) // want `^conn is not released on the return at line 167, so it never returns to the pool; defer conn\.Release\(\)$`
	if err != nil {
		return err
	}
	rows, err := conn.Query(ctx, "SELECT 1")
	if err != nil {
		return err
	}
	rows.Close()
	conn.Release()
	return nil
}

// tern's migrator: a transaction begun and committed under the same
// unchanged flag in each iteration; the deferred Rollback is a no-op after
// the Commit. Silent.
func migrate(ctx context.Context, conn *pgx.Conn, steps []string, useTx bool) (err error) {
	for _, step := range steps {
		var tx pgx.Tx
		if useTx {
			tx, err = conn.Begin(ctx)
			if err != nil {
				return err
			}
			defer tx.Rollback(ctx)
		}
		if _, err := conn.Exec(ctx, step); err != nil {
			return err
		}
		if useTx {
			if err := tx.Commit(ctx); err != nil {
				return err
			}
		}
	}
	return nil
}

// A Conn method reached through an interface returns the connection a
// transaction runs on: a view, not a connection to close. Silent.
func execMode(dbtx any) bool {
	if txWithConn, ok := dbtx.(interface{ Conn() *pgx.Conn }); ok {
		if conn := txWithConn.Conn(); conn != nil {
			return conn.IsClosed()
		}
	}
	return false
}

// ---- pool connections collected in a slice ----

func acquireAll(ctx context.Context, pool *pgxpool.Pool, n int) error {
	var conns []*pgxpool.Conn
	for range n {
		c, err := pool.Acquire(ctx) // want `^c, collected in conns, is not released on the return at line 217, so it never returns to the pool; release them on every path$`
		if err != nil {
			return err
		}
		conns = append(conns, c)
	}
	for _, c := range conns {
		c.Release()
	}
	return nil
}

func acquireAllReleased(ctx context.Context, pool *pgxpool.Pool, n int) error {
	var conns []*pgxpool.Conn
	defer func() {
		for _, c := range conns {
			c.Release()
		}
	}()
	for range n {
		c, err := pool.Acquire(ctx)
		if err != nil {
			return err
		}
		conns = append(conns, c)
	}
	return nil
}
