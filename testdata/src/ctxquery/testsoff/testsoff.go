// Package testsoff is analyzed with the default settings: test files are
// skipped, and a *testing.T is no context.
package testsoff

import (
	"database/sql"
	"testing"
)

func Seed(t *testing.T, db *sql.DB) {
	db.Exec("INSERT INTO users VALUES (1)")
}
