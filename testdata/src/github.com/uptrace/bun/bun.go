// Package bun is a minimal stub of github.com/uptrace/bun.
package bun

import (
	"context"
	"database/sql"
)

type noCopyState struct {
	*sql.DB
}

type DB struct {
	*noCopyState
}

func NewDB(sqldb *sql.DB, dialect any) *DB { return &DB{&noCopyState{sqldb}} }

func (db *DB) Close() error                               { return nil }
func (db *DB) NewSelect() *SelectQuery                    { return &SelectQuery{} }
func (db *DB) NewInsert() *InsertQuery                    { return &InsertQuery{} }
func (db *DB) NewUpdate() *UpdateQuery                    { return &UpdateQuery{} }
func (db *DB) NewRaw(query string, args ...any) *RawQuery { return &RawQuery{} }
func (db *DB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return nil, nil
}
func (db *DB) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return nil, nil
}
func (db *DB) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row { return nil }
func (db *DB) Begin() (Tx, error)                                                      { return Tx{}, nil }
func (db *DB) BeginTx(ctx context.Context, opts *sql.TxOptions) (Tx, error)            { return Tx{}, nil }
func (db *DB) RunInTx(ctx context.Context, opts *sql.TxOptions, fn func(ctx context.Context, tx Tx) error) error {
	return nil
}

type Tx struct {
	ctx context.Context
	db  *DB
	*sql.Tx
}

func (tx Tx) Commit() error           { return nil }
func (tx Tx) Rollback() error         { return nil }
func (tx Tx) NewSelect() *SelectQuery { return &SelectQuery{} }
func (tx Tx) NewInsert() *InsertQuery { return &InsertQuery{} }
func (tx Tx) NewUpdate() *UpdateQuery { return &UpdateQuery{} }
func (tx Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return nil, nil
}

type SelectQuery struct{}

func (q *SelectQuery) Model(model any) *SelectQuery                              { return q }
func (q *SelectQuery) Where(query string, args ...any) *SelectQuery              { return q }
func (q *SelectQuery) For(s string, args ...any) *SelectQuery                    { return q }
func (q *SelectQuery) Scan(ctx context.Context, dest ...any) error               { return nil }
func (q *SelectQuery) Count(ctx context.Context) (int, error)                    { return 0, nil }
func (q *SelectQuery) Rows(ctx context.Context) (*sql.Rows, error)               { return nil, nil }
func (q *SelectQuery) Exec(ctx context.Context, dest ...any) (sql.Result, error) { return nil, nil }

type InsertQuery struct{}

func (q *InsertQuery) Model(model any) *InsertQuery                              { return q }
func (q *InsertQuery) Exec(ctx context.Context, dest ...any) (sql.Result, error) { return nil, nil }

type UpdateQuery struct{}

func (q *UpdateQuery) Model(model any) *UpdateQuery                              { return q }
func (q *UpdateQuery) Set(query string, args ...any) *UpdateQuery                { return q }
func (q *UpdateQuery) Where(query string, args ...any) *UpdateQuery              { return q }
func (q *UpdateQuery) Exec(ctx context.Context, dest ...any) (sql.Result, error) { return nil, nil }

type RawQuery struct{}

func (q *RawQuery) Scan(ctx context.Context, dest ...any) error { return nil }
