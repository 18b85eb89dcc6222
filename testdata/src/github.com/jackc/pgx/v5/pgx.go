// Package pgx is a minimal stub of github.com/jackc/pgx/v5.
package pgx

import (
	"context"

	"github.com/jackc/pgx/v5/pgconn"
)

type ConnConfig struct {
	pgconn.Config
}

type Conn struct{}

type Rows interface {
	Close()
	Err() error
	Next() bool
	Scan(dest ...any) error
}

type Row interface {
	Scan(dest ...any) error
}

func Connect(ctx context.Context, connString string) (*Conn, error)            { return nil, nil }
func ConnectConfig(ctx context.Context, connConfig *ConnConfig) (*Conn, error) { return nil, nil }
func ParseConfig(connString string) (*ConnConfig, error)                       { return nil, nil }

func (c *Conn) Close(ctx context.Context) error                                  { return nil }
func (c *Conn) Query(ctx context.Context, sql string, args ...any) (Rows, error) { return nil, nil }
func (c *Conn) QueryRow(ctx context.Context, sql string, args ...any) Row        { return nil }

func (cc *ConnConfig) ConnString() string { return "" }
