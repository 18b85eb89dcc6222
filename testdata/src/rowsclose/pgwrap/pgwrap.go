// Package pgwrap is a small wrapper in the style of pgx's stdlib adapter:
// it opens a *sql.DB through pgx and hands out its own types that embed
// database/sql's handles.
package pgwrap

import (
	"context"
	"database/sql"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

type DB struct {
	*sql.DB
}

type Rows struct {
	*sql.Rows
	cols []string
}

type Tx struct {
	*sql.Tx
}

type Conn struct {
	*sql.Conn
}

func Open(cfg pgx.ConnConfig) *DB { return &DB{DB: stdlib.OpenDB(cfg)} }

func (db *DB) Select(ctx context.Context, query string, args ...any) (*Rows, error) {
	r, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return &Rows{Rows: r}, nil
}

func (db *DB) Begin(ctx context.Context) (*Tx, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	return &Tx{Tx: tx}, nil
}

func (db *DB) Acquire(ctx context.Context) (*Conn, error) {
	c, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	return &Conn{Conn: c}, nil
}

// Release closes the rows; the analyzer cannot see that from another package.
func (r *Rows) Release() { r.Rows.Close() }

// Columns2 is a method of the wrapper that does not close.
func (r *Rows) Names() []string { return r.cols }
