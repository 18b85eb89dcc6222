// Package tests is analyzed with -ctxquery.tests: test files are analyzed,
// and a *testing.T, B or F gives t.Context().
package tests

import (
	"database/sql"
	"testing"
)

// Seed is a test helper in a non-test file: t is at hand too.
func Seed(tb testing.TB, db *sql.DB) {
	db.Exec("INSERT INTO users VALUES (1)") // want `^db\.Exec takes no context, so nothing cancels the query; use db\.ExecContext\(tb\.Context\(\), \.\.\.\)$`
}
