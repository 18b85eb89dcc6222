package testsflag

import (
	"context"
	"database/sql"
	"testing"

	"github.com/jmoiron/sqlx"
)

func TestRowsLeftToTheEnd(t *testing.T) {
	var db *sql.DB
	rows, err := db.QueryContext(t.Context(), "SELECT id FROM users") // want `^rows are not closed when the function ends, holding a pooled connection; close rows on every path$` `^rows\.Err is never checked after rows\.Next at line 17: an error reads as no row; check rows\.Err\(\) when Next returns false$`
	if err != nil {
		t.Fatal(err)
	}
	if !rows.Next() {
		t.Fatal("no user")
	}
}

func TestSchemaThroughQuery(t *testing.T) {
	var db *sql.DB
	if _, err := db.QueryContext(context.Background(), "CREATE TABLE t (id int)"); err != nil { // want `^these rows are discarded and never closed, holding a pooled connection; use db\.ExecContext$`
		t.Fatal(err)
	}
}

func TestDrained(t *testing.T) {
	var db *sql.DB
	rows, err := db.Query("SELECT 1") // want `^rows close only when Next at line 35 returns false; an early return or panic leaks them: close rows on every path$`
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
	}
}

// A test that expects the query to fail, then discards the rows of one
// that succeeds.
func TestQueryFails(t *testing.T) {
	var db *sql.DB
	_, err := db.Query("SELECT * FROM missing")
	if err == nil {
		t.Fatal("expected an error")
	}
	if _, err := db.Query("SELECT 1"); err != nil { // want `^these rows are discarded and never closed, holding a pooled connection; use db\.ExecContext\(t\.Context\(\), \.\.\.\)$`
		t.Fatal(err)
	}
}

// Rows of sqlx read to the end in a test, rows.Err never checked: with
// -tests, reported as anywhere else.
func TestCountUsers(t *testing.T) {
	var db *sqlx.DB
	if n := countUsers(t, db); n != 2 {
		t.Fatalf("users=%d, want 2", n)
	}
}

func countUsers(t *testing.T, db *sqlx.DB) int {
	rows, err := db.Queryx("SELECT id FROM users") // want `^rows\.Err is never checked after the Next loop at line 68: an error reads as the end of the rows; check rows\.Err\(\) when Next returns false$`
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
	}
	return n
}
