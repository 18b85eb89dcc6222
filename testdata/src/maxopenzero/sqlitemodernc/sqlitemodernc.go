// Package sqlitemodernc opens SQLite through modernc.org/sqlite, which reads
// _pragma and sets no busy timeout of its own. Its version is unknown here
// (no go.mod), so mattn's keys, which it reads from v1.55.0 on, are left
// alone.
package sqlitemodernc

import (
	"database/sql"
	"fmt"

	_ "modernc.org/sqlite"
)

type Store struct{ db *sql.DB }

// A pool of any size, WAL but no busy timeout: two writers, one fails.
func Open(path string) (*Store, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)") // want `^modernc\.org/sqlite pool without busy_timeout: concurrent writers fail at once with database is locked; add _pragma=busy_timeout\(5000\) or SetMaxOpenConns\(1\)$`
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(4)
	return &Store{db: db}, nil
}

// The same through fmt.Sprintf and a variable.
func OpenFormatted(path string) (*Store, error) {
	dsn := fmt.Sprintf("file:%s?_pragma=foreign_keys(1)", path)
	db, err := sql.Open("sqlite", dsn) // want `^modernc\.org/sqlite pool without busy_timeout: concurrent writers fail at once with database is locked; add _pragma=busy_timeout\(5000\) or SetMaxOpenConns\(1\)$`
	if err != nil {
		return nil, err
	}
	return &Store{db: db}, nil
}

// With a busy timeout: silent.
func OpenBusy(path string) (*Store, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)")
	if err != nil {
		return nil, err
	}
	return &Store{db: db}, nil
}

// mattn's key: read from v1.55.0, ignored before; the version is unknown.
// Silent.
func OpenKey(path string) (*Store, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?_busy_timeout=5000")
	if err != nil {
		return nil, err
	}
	return &Store{db: db}, nil
}

// The DSN's query is not known: silent.
func OpenPath(path string) (*Store, error) {
	db, err := sql.Open("sqlite", path)
	if err != nil {
		return nil, err
	}
	return &Store{db: db}, nil
}

// In memory: no concurrent writers to wait for. Silent.
func OpenMemory() (*Store, error) {
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		return nil, err
	}
	return &Store{db: db}, nil
}

// Returned to another package, which may limit it: silent.
func OpenDB() (*sql.DB, error) {
	return sql.Open("sqlite", "app.db")
}

// Assembled with values in the query: the keys are known.
func OpenAssembled(path string, ms int) (*Store, error) {
	db, err := sql.Open("sqlite", fmt.Sprintf("file:%s?_pragma=busy_timeout(%d)&_pragma=journal_mode(WAL)", path, ms))
	if err != nil {
		return nil, err
	}
	return &Store{db: db}, nil
}

func OpenMode(path, mode string) (*Store, error) {
	db, err := sql.Open("sqlite", fmt.Sprintf("file:%s?_pragma=journal_mode(%s)", path, mode)) // want `^modernc\.org/sqlite pool without busy_timeout: concurrent writers fail at once with database is locked; add _pragma=busy_timeout\(5000\) or SetMaxOpenConns\(1\)$`
	if err != nil {
		return nil, err
	}
	return &Store{db: db}, nil
}

// A one-off pool, opened, used and closed here. Silent.
func Count(path string) (int, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)")
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var n int
	err = db.QueryRow("SELECT count(*) FROM notes").Scan(&n)
	return n, err
}

// A value that may hold any parameter: not known. Silent.
func OpenParams(path, params string) (*Store, error) {
	db, err := sql.Open("sqlite", fmt.Sprintf("file:%s?%s", path, params))
	if err != nil {
		return nil, err
	}
	return &Store{db: db}, nil
}

// A large pool keeping Go's 2 idle: on SQLite a connection is a file handle
// in the process, not a dial, so nothing churns. Not reported (busy_timeout
// set, so nothing else is either).
func OpenLarge(path string) (*Store, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(100)
	return &Store{db: db}, nil
}
