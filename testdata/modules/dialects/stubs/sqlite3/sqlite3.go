// Package sqlite3 is a stub of github.com/mattn/go-sqlite3.
package sqlite3

// SQLiteDriver is the driver.
type SQLiteDriver struct{}
