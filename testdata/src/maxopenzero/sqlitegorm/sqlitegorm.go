// Package sqlitegorm opens SQLite through gorm's dialectors:
// github.com/glebarez/sqlite (over glebarez/go-sqlite, a fork of modernc:
// _pragma only, no busy timeout) and gorm.io/driver/sqlite (over mattn).
package sqlitegorm

import (
	glebarez "github.com/glebarez/sqlite"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
)

type Store struct{ db *gorm.DB }

// mattn's key under glebarez: dropped, and no busy timeout either.
func OpenGlebarez() (*Store, error) {
	db, err := gorm.Open(glebarez.Open("app.db?_busy_timeout=5000"), &gorm.Config{}) // want `^_busy_timeout=5000 is ignored by glebarez/go-sqlite, which reads only _pragma: a locked database fails writes at once; write _pragma=busy_timeout\(5000\)$`
	if err != nil {
		return nil, err
	}
	return &Store{db: db}, nil
}

// No busy timeout, several connections.
func OpenWAL() (*Store, error) {
	db, err := gorm.Open(glebarez.Open("app.db?_pragma=journal_mode(WAL)"), &gorm.Config{}) // want `^glebarez/go-sqlite pool without busy_timeout: concurrent writers fail at once with database is locked; add _pragma=busy_timeout\(5000\) or SetMaxOpenConns\(1\)$`
	if err != nil {
		return nil, err
	}
	return &Store{db: db}, nil
}

// One connection, set through gorm's *sql.DB: silent.
func OpenSingle() (*Store, error) {
	db, err := gorm.Open(glebarez.Open("app.db"), &gorm.Config{})
	if err != nil {
		return nil, err
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, err
	}
	sqlDB.SetMaxOpenConns(1)
	return &Store{db: db}, nil
}

// A busy timeout: silent.
func OpenBusy() (*Store, error) {
	db, err := gorm.Open(glebarez.Open("app.db?_pragma=busy_timeout(5000)"), &gorm.Config{})
	if err != nil {
		return nil, err
	}
	return &Store{db: db}, nil
}

// _pragma under mattn: dropped; mattn's own 5 s busy timeout applies.
func OpenMattn() (*Store, error) {
	db, err := gorm.Open(sqlite.Open("app.db?_pragma=journal_mode(WAL)"), &gorm.Config{}) // want `^_pragma=journal_mode\(WAL\) is ignored by mattn/go-sqlite3, which reads no _pragma: the journal mode stays the default; write _journal_mode=WAL$`
	if err != nil {
		return nil, err
	}
	return &Store{db: db}, nil
}

// mattn's keys under mattn: silent.
func OpenMattnKeys() (*Store, error) {
	db, err := gorm.Open(sqlite.Open("app.db?_journal_mode=WAL"), &gorm.Config{})
	if err != nil {
		return nil, err
	}
	return &Store{db: db}, nil
}
