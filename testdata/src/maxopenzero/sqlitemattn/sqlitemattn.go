// Package sqlitemattn opens SQLite through mattn/go-sqlite3, which reads its
// own keys (_busy_timeout, _journal_mode...) and no _pragma.
package sqlitemattn

import (
	"database/sql"

	_ "github.com/mattn/go-sqlite3"
)

func Pragmas() (*sql.DB, error) {
	return sql.Open("sqlite3", "file:app.db?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)") // want `^_pragma=journal_mode\(WAL\) \(and 1 more\) is ignored by mattn/go-sqlite3, which reads no _pragma: the journal mode stays the default; write _journal_mode=WAL$`
}

// A dropped busy timeout still gets mattn's own 5 s: the message says so.
func Busy() (*sql.DB, error) {
	return sql.Open("sqlite3", "app.db?_pragma=busy_timeout(30000)") // want `^_pragma=busy_timeout\(30000\) is ignored by mattn/go-sqlite3, which reads no _pragma: the busy timeout stays the driver's 5 s; write _busy_timeout=30000$`
}

// Both syntaxes: the _pragma half is dropped, and no rewrite exists for a
// pragma without a key of mattn's.
func Mixed() (*sql.DB, error) {
	return sql.Open("sqlite3", "app.db?_busy_timeout=5000&_pragma=temp_store(memory)") // want `^_pragma=temp_store\(memory\) is ignored by mattn/go-sqlite3, which reads no _pragma: PRAGMA temp_store is not set; set it in a connection hook$`
}

// mattn's own keys, and a pool without a busy timeout key: mattn sets 5 s
// itself. Silent.
func Keys() (*sql.DB, error) {
	db, err := sql.Open("sqlite3", "file:app.db?_busy_timeout=5000&_journal_mode=WAL&_fk=1")
	if err != nil {
		return nil, err
	}
	other, err := sql.Open("sqlite3", "app.db")
	if err != nil {
		return nil, err
	}
	other.Close()
	return db, nil
}

const dsn = "app.db?_pragma=foreign_keys(1)"

// A constant: reported, with no fix (the fix goes into the literal only).
func Constant() (*sql.DB, error) {
	return sql.Open("sqlite3", dsn) // want `^_pragma=foreign_keys\(1\) is ignored by mattn/go-sqlite3, which reads no _pragma: foreign keys are not enforced; write _foreign_keys=1$`
}

// Assembled: the value is not known, the key is.
func Assembled(ms string) (*sql.DB, error) {
	return sql.Open("sqlite3", "app.db?_pragma=busy_timeout("+ms+")") // want `^_pragma=busy_timeout\(\.\.\.\) is ignored by mattn/go-sqlite3, which reads no _pragma: the busy timeout stays the driver's 5 s; write _busy_timeout=\.\.\.$`
}
