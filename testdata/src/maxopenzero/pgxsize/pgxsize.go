// Package pgxsize holds maxopenzero's pgxpool cases.
package pgxsize

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

func ZeroMax(ctx context.Context, dsn string) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, err
	}
	cfg.MaxConns = 0 // want `^cfg\.MaxConns = 0: pgxpool refuses MaxConns below 1 when it creates the pool, so the service fails at start; set a positive limit$`
	return pgxpool.NewWithConfig(ctx, cfg)
}

func Sized(ctx context.Context, dsn string, max int32) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, err
	}
	cfg.MaxConns = 20
	cfg.MaxConns = max
	cfg.MaxConnLifetime = time.Hour
	cfg.MaxConnIdleTime = 30 * time.Minute
	cfg.HealthCheckPeriod = time.Minute
	return pgxpool.NewWithConfig(ctx, cfg)
}

func Durations(cfg *pgxpool.Config) {
	cfg.MaxConnLifetime = 3600 // want `^cfg\.MaxConnLifetime = 3600 is 3600ns: each connection is redialed after one use; write 3600 \* time\.Second$`
	cfg.HealthCheckPeriod = 30 // want `^cfg\.HealthCheckPeriod = 30 is 30ns: the pool's health check runs without pause; write it with a unit: time\.Second, time\.Minute$`
}

// The dead guard: ParseConfig always sets MaxConns.
func Guarded(ctx context.Context, dsn string) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, err
	}
	if cfg.MaxConns <= 0 { // want `^cfg\.MaxConns <= 0 is never true: ParseConfig always sets MaxConns >= 1, so the fallback never applies; assign it unconditionally$`
		cfg.MaxConns = 25
	}
	return pgxpool.NewWithConfig(ctx, cfg)
}

// A guard that can hold: silent.
func GuardedAbove(ctx context.Context, dsn string) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, err
	}
	if cfg.MaxConns < 10 {
		cfg.MaxConns = 10
	}
	return pgxpool.NewWithConfig(ctx, cfg)
}

// A config of unknown origin may have MaxConns 0: silent.
func GuardedParam(ctx context.Context, cfg *pgxpool.Config) (*pgxpool.Pool, error) {
	if cfg.MaxConns == 0 {
		cfg.MaxConns = 25
	}
	return pgxpool.NewWithConfig(ctx, cfg)
}

// Assigned from a setting first: the guard can hold, silent.
func GuardedAfterAssign(ctx context.Context, dsn string, n int32) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, err
	}
	cfg.MaxConns = n
	if cfg.MaxConns <= 0 {
		cfg.MaxConns = 25
	}
	return pgxpool.NewWithConfig(ctx, cfg)
}

// pgx's stdlib.OpenDBFromPool: the *sql.DB is a view over the pgxpool,
// which keeps the idle connections. Silent.
func openDBFromPool(pool *pgxpool.Pool, c driver.Connector) *sql.DB {
	db := sql.OpenDB(c)
	db.SetMaxIdleConns(0)
	_ = pool
	return db
}
