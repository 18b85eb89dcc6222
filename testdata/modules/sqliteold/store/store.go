// Package store opens the pools by driver name: the drivers are the ones
// the module's main package imports.
package store

import "database/sql"

type Store struct{ db, cache *sql.DB }

func (s *Store) DB() *sql.DB { return s.db }

func Open(path string) (*Store, error) {
	// modernc before v1.55.0 reads no _busy_timeout.
	db, err := sql.Open("sqlite", "file:notes.db?_busy_timeout=5000&_pragma=journal_mode(WAL)") // want `^_busy_timeout=5000 is ignored by modernc\.org/sqlite v1\.50\.0, which reads only _pragma: a locked database fails writes at once; write _pragma=busy_timeout\(5000\)$`
	if err != nil {
		return nil, err
	}
	// ncruces before v0.38.0 sets its 1-minute busy timeout only when the
	// DSN has no _pragma.
	cache, err := sql.Open("sqlite3", "file:cache.db?_pragma=journal_mode(WAL)") // want `^ncruces/go-sqlite3 pool without busy_timeout: concurrent writers fail at once with database is locked; add _pragma=busy_timeout\(5000\) or SetMaxOpenConns\(1\)$`
	if err != nil {
		return nil, err
	}
	return &Store{db: db, cache: cache}, nil
}

// A _pragma list under ncruces before v0.38.0, and mattn's busy timeout
// key, which it ignores: no busy timeout at all.
func OpenCache() (*sql.DB, error) {
	return sql.Open("sqlite3", "file:cache.db?_busy_timeout=5000&_pragma=journal_mode(WAL)") // want `^_busy_timeout=5000 is ignored by ncruces/go-sqlite3, which reads only _pragma: a locked database fails writes at once; write _pragma=busy_timeout\(5000\)$`
}
