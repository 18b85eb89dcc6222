package testsflag

import (
	"context"
	"database/sql"
	"testing"
)

func TestRowsLeftToTheEnd(t *testing.T) {
	var db *sql.DB
	rows, err := db.QueryContext(t.Context(), "SELECT id FROM users") // want `^rows are not closed when the function ends, holding a pooled connection; close rows on every path$`
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
	rows, err := db.Query("SELECT 1") // want `^rows close only when Next at line 33 returns false; an early return or panic leaks them: close rows on every path$`
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
