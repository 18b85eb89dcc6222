// Package pgx is a minimal stub of github.com/jackc/pgx/v5: types and
// signatures only, for analysistest cases.
package pgx

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

type ConnConfig struct {
	pgconn.Config
}

func (cc *ConnConfig) ConnString() string { return "" }

type Conn struct{}

type TxOptions struct{}

type Batch struct{}

func (b *Batch) Queue(query string, arguments ...any) {}

type Identifier []string

type CopyFromSource interface {
	Next() bool
	Values() ([]any, error)
	Err() error
}

func CopyFromRows(rows [][]any) CopyFromSource { return nil }

type Rows interface {
	Close()
	Err() error
	CommandTag() pgconn.CommandTag
	Next() bool
	Scan(dest ...any) error
	Values() ([]any, error)
	Conn() *Conn
}

type Row interface {
	Scan(dest ...any) error
}

type CollectableRow interface {
	Scan(dest ...any) error
	Values() ([]any, error)
}

type RowToFunc[T any] func(row CollectableRow) (T, error)

type BatchResults interface {
	Exec() (pgconn.CommandTag, error)
	Query() (Rows, error)
	QueryRow() Row
	Close() error
}

type Tx interface {
	Begin(ctx context.Context) (Tx, error)
	Commit(ctx context.Context) error
	Rollback(ctx context.Context) error
	CopyFrom(ctx context.Context, tableName Identifier, columnNames []string, rowSrc CopyFromSource) (int64, error)
	SendBatch(ctx context.Context, b *Batch) BatchResults
	Exec(ctx context.Context, sql string, arguments ...any) (commandTag pgconn.CommandTag, err error)
	Query(ctx context.Context, sql string, args ...any) (Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) Row
	Conn() *Conn
}

var ErrNoRows error

func Connect(ctx context.Context, connString string) (*Conn, error)            { return nil, nil }
func ConnectConfig(ctx context.Context, connConfig *ConnConfig) (*Conn, error) { return nil, nil }
func ParseConfig(connString string) (*ConnConfig, error)                       { return nil, nil }

func (c *Conn) Close(ctx context.Context) error                                  { return nil }
func (c *Conn) Query(ctx context.Context, sql string, args ...any) (Rows, error) { return nil, nil }
func (c *Conn) QueryRow(ctx context.Context, sql string, args ...any) Row        { return nil }
func (c *Conn) Exec(ctx context.Context, sql string, arguments ...any) (pgconn.CommandTag, error) {
	return pgconn.CommandTag{}, nil
}
func (c *Conn) Begin(ctx context.Context) (Tx, error)                        { return nil, nil }
func (c *Conn) BeginTx(ctx context.Context, txOptions TxOptions) (Tx, error) { return nil, nil }
func (c *Conn) SendBatch(ctx context.Context, b *Batch) BatchResults         { return nil }
func (c *Conn) Ping(ctx context.Context) error                               { return nil }
func (c *Conn) PgConn() *pgconn.PgConn                                       { return nil }
func (c *Conn) IsClosed() bool                                               { return false }
func (c *Conn) CopyFrom(ctx context.Context, tableName Identifier, columnNames []string, rowSrc CopyFromSource) (int64, error) {
	return 0, nil
}

func BeginFunc(ctx context.Context, db interface {
	Begin(ctx context.Context) (Tx, error)
}, fn func(Tx) error) error {
	return nil
}

func BeginTxFunc(ctx context.Context, db interface {
	BeginTx(ctx context.Context, txOptions TxOptions) (Tx, error)
}, txOptions TxOptions, fn func(Tx) error) error {
	return nil
}

func CollectRows[T any](rows Rows, fn RowToFunc[T]) ([]T, error)               { return nil, nil }
func CollectOneRow[T any](rows Rows, fn RowToFunc[T]) (T, error)               { var z T; return z, nil }
func CollectExactlyOneRow[T any](rows Rows, fn RowToFunc[T]) (T, error)        { var z T; return z, nil }
func AppendRows[T any, S ~[]T](slice S, rows Rows, fn RowToFunc[T]) (S, error) { return slice, nil }
func ForEachRow(rows Rows, scans []any, fn func() error) (pgconn.CommandTag, error) {
	return pgconn.CommandTag{}, nil
}
func RowToStructByName[T any](row CollectableRow) (T, error) { var z T; return z, nil }
func RowTo[T any](row CollectableRow) (T, error)             { var z T; return z, nil }

// Durations for config cases.
var _ = time.Second
