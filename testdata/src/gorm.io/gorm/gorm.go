// Package gorm is a minimal stub of gorm.io/gorm.
package gorm

import "database/sql"

type Dialector interface {
	Name() string
}

type Option interface{}

type Config struct{}

type DB struct {
	*Config
	Error        error
	RowsAffected int64
}

func Open(dialector Dialector, opts ...Option) (db *DB, err error) { return nil, nil }
func (db *DB) DB() (*sql.DB, error)                                { return nil, nil }
func (db *DB) Raw(sql string, values ...interface{}) (tx *DB)      { return db }
func (db *DB) Exec(sql string, values ...interface{}) (tx *DB)     { return db }
