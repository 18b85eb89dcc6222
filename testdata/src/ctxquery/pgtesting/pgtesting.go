// Package pgtesting is a test harness outside _test.go files (its name says
// it is for tests, and it imports testing): the tests treatment, silent.
package pgtesting

import (
	"context"
	"database/sql"
	"testing"
)

// Seed fills the tables a test needs.
func Seed(ctx context.Context, db *sql.DB) error {
	_, err := db.Exec("INSERT INTO users VALUES (1)")
	return err
}

// MustCount fails the test on error.
func MustCount(t testing.TB, db *sql.DB) int {
	var n int
	if err := db.QueryRow("SELECT count(*) FROM users").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
