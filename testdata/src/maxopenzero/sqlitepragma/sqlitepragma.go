// Package sqlitepragma sends per-connection pragmas with Exec on SQLite
// pools: only the connection that ran one gets it, the next one opens with
// the default.
package sqlitepragma

import (
	"context"
	"database/sql"

	_ "github.com/mattn/go-sqlite3"
	_ "modernc.org/sqlite"
)

type Store struct{ db *sql.DB }

// litefs-bench: a CLI opens the pool, sets pragmas through it and runs.
func run(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Exec(`PRAGMA busy_timeout = 5000`); err != nil { // want `^PRAGMA busy_timeout via db\.Exec sets one connection; the pool's others open without it: add _pragma=busy_timeout\(5000\) to the DSN or SetMaxOpenConns\(1\)$`
		return err
	}
	if _, err := db.Exec(`PRAGMA cache_size = -2000`); err != nil { // want `^PRAGMA cache_size via db\.Exec sets one connection; the pool's others open without it: add _pragma=cache_size\(-2000\) to the DSN or SetMaxOpenConns\(1\)$`
		return err
	}
	// WAL is kept by the database file: every connection is in WAL mode.
	if _, err := db.Exec(`PRAGMA journal_mode = wal`); err != nil {
		return err
	}
	// A query of the value sets nothing.
	if _, err := db.Exec(`PRAGMA foreign_keys`); err != nil {
		return err
	}
	return work(ctx, db)
}

func work(ctx context.Context, db *sql.DB) error {
	_, err := db.ExecContext(ctx, `INSERT INTO t (x) VALUES (1)`)
	return err
}

// Several statements: the first that sets a connection's value is named.
func OpenStore(ctx context.Context, path string) (*Store, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(4)
	if _, err := db.ExecContext(ctx, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"); err != nil { // want `^PRAGMA synchronous via db\.ExecContext sets one connection; the pool's others open without it: add _pragma=synchronous\(NORMAL\) to the DSN or SetMaxOpenConns\(1\)$`
		return nil, err
	}
	return &Store{db: db}, nil
}

// mattn's syntax; mattn gives every connection a busy timeout of 5 s, so a
// busy_timeout through Exec loses nothing that matters.
func OpenMattn(path string) (*Store, error) {
	db, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(8)
	db.Exec("PRAGMA busy_timeout = 10000")
	db.Exec("PRAGMA foreign_keys = ON") // want `^PRAGMA foreign_keys via db\.Exec sets one connection; the pool's others open without it: add _foreign_keys=ON to the DSN or SetMaxOpenConns\(1\)$`
	return &Store{db: db}, nil
}

// One connection: it has every pragma.
func OpenSingle(path string) (*Store, error) {
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	db.Exec("PRAGMA busy_timeout = 5000")
	db.Exec("PRAGMA foreign_keys = ON")
	return &Store{db: db}, nil
}

// The DSN sets it on every connection already.
func OpenBoth(path string) (*Store, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(4)
	db.Exec("PRAGMA foreign_keys = ON")
	return &Store{db: db}, nil
}

// Returned to the caller, which may limit it to one connection: the
// precision rule.
func OpenReturned(path string) (*sql.DB, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		return nil, err
	}
	db.Exec("PRAGMA foreign_keys = ON")
	return db, nil
}
