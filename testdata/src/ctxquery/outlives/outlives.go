// Package outlives holds database calls whose context must outlive the
// function at hand: a pool (pgxpool dials its connections in the background
// with the context it was opened with), and a release function returned to
// the caller, which runs after the caller's context may have ended. A
// context.Background() there is on purpose: nothing is reported, so no fix
// can pass the shorter context.
package outlives

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

func openNotify(ctx context.Context, cfg *pgxpool.Config) (*pgxpool.Pool, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg) // silent: the pool outlives ctx
	if err != nil {
		return nil, err
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return pool, nil
}

func lock(ctx context.Context, p *pgxpool.Pool, id int64) (release func(), err error) {
	conn, err := p.Acquire(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", id); err != nil {
		conn.Release()
		return nil, err
	}
	return func() {
		_, _ = conn.Exec(context.Background(), "SELECT pg_advisory_unlock($1)", id) // silent: runs after ctx may have ended
		conn.Release()
	}, nil
}

type locker struct{ unlock func() }

func (l *locker) hold(ctx context.Context, p *pgxpool.Pool) error {
	conn, err := p.Acquire(ctx)
	if err != nil {
		return err
	}
	l.unlock = func() {
		_, _ = conn.Exec(context.Background(), "SELECT pg_advisory_unlock_all()") // silent: stored, runs later
		conn.Release()
	}
	return nil
}

// Called where it is written: the context at hand is live.
func now(ctx context.Context, p *pgxpool.Pool) {
	func() {
		if _, err := p.Exec(context.Background(), "SELECT 1"); err != nil { // want `^p\.Exec gets context\.Background\(\) though ctx is at hand: nothing cancels the query; pass ctx$`
			panic(err)
		}
	}()
}

func openWith(ctx context.Context, dsn string) (*pgxpool.Pool, error) {
	return pgxpool.New(context.Background(), dsn) // silent: the pool outlives ctx
}
