// Package sqlx is a stub of a fork of github.com/jmoiron/sqlx published
// under another import path.
package sqlx

import (
	"context"
	"database/sql"
)

type DB struct {
	*sql.DB
	driverName string
}

func Open(driverName, dataSourceName string) (*DB, error)    { return nil, nil }
func MustOpen(driverName, dataSourceName string) *DB         { return nil }
func Connect(driverName, dataSourceName string) (*DB, error) { return nil, nil }
func ConnectContext(ctx context.Context, driverName, dataSourceName string) (*DB, error) {
	return nil, nil
}

// NewDb wraps an existing pool: not an opener.
func NewDb(db *sql.DB, driverName string) *DB { return nil }

type Rows struct {
	*sql.Rows
	unsafe bool
}

func (r *Rows) StructScan(dest any) error { return nil }

func (db *DB) Queryx(query string, args ...any) (*Rows, error) { return nil, nil }
