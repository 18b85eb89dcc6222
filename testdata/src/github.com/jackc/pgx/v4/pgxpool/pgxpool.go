// Package pgxpool is a minimal stub of github.com/jackc/pgx/v4/pgxpool.
package pgxpool

import (
	"context"

	"github.com/jackc/pgx/v4"
)

type Config struct{ MaxConns int32 }

type Pool struct{}

type Conn struct{}

func Connect(ctx context.Context, connString string) (*Pool, error)    { return nil, nil }
func ConnectConfig(ctx context.Context, config *Config) (*Pool, error) { return nil, nil }
func ParseConfig(connString string) (*Config, error)                   { return nil, nil }

func (p *Pool) Close()                                                    {}
func (p *Pool) Acquire(ctx context.Context) (*Conn, error)                { return nil, nil }
func (p *Pool) Begin(ctx context.Context) (pgx.Tx, error)                 { return nil, nil }
func (p *Pool) BeginFunc(ctx context.Context, f func(pgx.Tx) error) error { return nil }
func (p *Pool) Query(ctx context.Context, sql string, args ...interface{}) (pgx.Rows, error) {
	return nil, nil
}
func (p *Pool) QueryRow(ctx context.Context, sql string, args ...interface{}) pgx.Row { return nil }

func (c *Conn) Release() {}
func (c *Conn) Query(ctx context.Context, sql string, args ...interface{}) (pgx.Rows, error) {
	return nil, nil
}
