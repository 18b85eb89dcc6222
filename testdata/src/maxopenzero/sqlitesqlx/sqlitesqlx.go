// Package sqlitesqlx opens SQLite through sqlx, whose openers take the
// driver name as database/sql's do.
package sqlitesqlx

import (
	"github.com/jmoiron/sqlx"
	_ "modernc.org/sqlite"
)

type Store struct{ db *sqlx.DB }

func Open() (*Store, error) {
	db, err := sqlx.Connect("sqlite", "file:app.db?_pragma=journal_mode(WAL)") // want `^modernc\.org/sqlite pool without busy_timeout: concurrent writers fail at once with database is locked; add _pragma=busy_timeout\(5000\) or SetMaxOpenConns\(1\)$`
	if err != nil {
		return nil, err
	}
	return &Store{db: db}, nil
}

func OpenSingle() (*Store, error) {
	db, err := sqlx.Connect("sqlite", "file:app.db?_pragma=journal_mode(WAL)")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	return &Store{db: db}, nil
}
