// Package store opens the pools by driver name. The versions go.mod
// requires read what the DSNs say: modernc reads _busy_timeout from
// v1.55.0 on, and ncruces sets its 1-minute busy timeout on every
// connection from v0.38.0 on. Silent.
package store

import "database/sql"

type Store struct{ db, cache *sql.DB }

func (s *Store) DB() *sql.DB { return s.db }

func Open(path string) (*Store, error) {
	db, err := sql.Open("sqlite", "file:notes.db?_busy_timeout=5000&_pragma=journal_mode(WAL)")
	if err != nil {
		return nil, err
	}
	cache, err := sql.Open("sqlite3", "file:cache.db?_pragma=journal_mode(WAL)")
	if err != nil {
		return nil, err
	}
	return &Store{db: db, cache: cache}, nil
}
