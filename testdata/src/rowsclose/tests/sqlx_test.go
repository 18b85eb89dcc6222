package tests

import (
	"testing"

	"github.com/jmoiron/sqlx"
)

// Rows of sqlx read to the end in a test, rows.Err never checked: the test
// checks what it read and nothing hangs, so it is silent by default.
func TestCountUsersSqlx(t *testing.T) {
	var db *sqlx.DB
	rows, err := db.Queryx("SELECT id FROM users")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
	}
	if n != 2 {
		t.Fatalf("users=%d, want 2", n)
	}
}
