// Package sqlitencruces opens SQLite through ncruces/go-sqlite3, which reads
// _pragma, _txlock and _timefmt only, and only from a DSN that starts with
// file:.
package sqlitencruces

import (
	"database/sql"

	"github.com/ncruces/go-sqlite3/driver"
)

func Keys() (*sql.DB, error) {
	return sql.Open("sqlite3", "file:app.db?_journal_mode=WAL&_busy_timeout=5000") // want `^_journal_mode=WAL \(and 1 more\) is ignored by ncruces/go-sqlite3, which reads only _pragma: the journal mode stays the default; write _pragma=journal_mode\(WAL\)$`
}

// No file: prefix: the whole query is part of the file name.
func NoFile() (*sql.DB, error) {
	return driver.Open("app.db?_pragma=busy_timeout(5000)") // want `^_pragma=busy_timeout\(5000\) is ignored by ncruces/go-sqlite3 without file: in front, and becomes part of the file name; start the DSN with file:$`
}

// Read as written: silent.
func Pragmas() (*sql.DB, error) {
	return driver.Open("file:app.db?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_txlock=immediate")
}

type Store struct{ db *sql.DB }

// A _pragma list without busy_timeout: before v0.38.0 the driver then sets
// none, from v0.38.0 it sets one minute anyway. The version is unknown
// here (no go.mod): silent.
func OpenList() (*Store, error) {
	db, err := sql.Open("sqlite3", "file:app.db?_pragma=journal_mode(WAL)")
	if err != nil {
		return nil, err
	}
	return &Store{db: db}, nil
}

// mattn's busy timeout key: the driver's own minute applies.
func Busy() (*sql.DB, error) {
	return sql.Open("sqlite3", "file:app.db?_busy_timeout=5000") // want `^_busy_timeout=5000 is ignored by ncruces/go-sqlite3, which reads only _pragma: the busy timeout stays the driver's 1 min; write _pragma=busy_timeout\(5000\)$`
}
