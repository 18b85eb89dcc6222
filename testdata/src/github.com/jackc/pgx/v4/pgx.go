// Package pgx is a minimal stub of github.com/jackc/pgx/v4.
package pgx

import "context"

type ConnConfig struct{}

func (cc *ConnConfig) ConnString() string { return "" }

type Conn struct{}

type TxOptions struct{}

type Batch struct{}

type Rows interface {
	Close()
	Err() error
	Next() bool
	Scan(dest ...interface{}) error
}

type Row interface {
	Scan(dest ...interface{}) error
}

type BatchResults interface {
	Query() (Rows, error)
	QueryRow() Row
	Close() error
}

type Tx interface {
	Begin(ctx context.Context) (Tx, error)
	BeginFunc(ctx context.Context, f func(Tx) error) error
	Commit(ctx context.Context) error
	Rollback(ctx context.Context) error
	SendBatch(ctx context.Context, b *Batch) BatchResults
	Query(ctx context.Context, sql string, args ...interface{}) (Rows, error)
	QueryRow(ctx context.Context, sql string, args ...interface{}) Row
	Conn() *Conn
}

func Connect(ctx context.Context, connString string) (*Conn, error) { return nil, nil }
func ParseConfig(connString string) (*ConnConfig, error)            { return nil, nil }

func (c *Conn) Close(ctx context.Context) error { return nil }
func (c *Conn) Query(ctx context.Context, sql string, args ...interface{}) (Rows, error) {
	return nil, nil
}
func (c *Conn) QueryRow(ctx context.Context, sql string, args ...interface{}) Row { return nil }
func (c *Conn) Begin(ctx context.Context) (Tx, error)                             { return nil, nil }
func (c *Conn) BeginFunc(ctx context.Context, f func(Tx) error) error             { return nil }
