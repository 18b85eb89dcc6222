package tests

import (
	"context"
	"database/sql"
	"testing"
)

// Rows left open until the test's database is closed: nothing outlives the
// test.
func TestRowsLeftToTheEnd(t *testing.T) {
	var db *sql.DB
	rows, err := db.QueryContext(t.Context(), "SELECT id FROM users")
	if err != nil {
		t.Fatal(err)
	}
	if !rows.Next() {
		t.Fatal("no user")
	}
}

// A CREATE TABLE sent through QueryContext: discarded rows, once.
func TestSchemaThroughQuery(t *testing.T) {
	var db *sql.DB
	if _, err := db.QueryContext(context.Background(), "CREATE TABLE t (id int)"); err != nil {
		t.Fatal(err)
	}
}

// A row never scanned, once.
func TestRowNotScanned(t *testing.T) {
	var db *sql.DB
	db.QueryRow("INSERT INTO t VALUES (1)")
}

// Drained rows without Close.
func TestDrained(t *testing.T) {
	var db *sql.DB
	rows, err := db.Query("SELECT 1")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
	}
}

// A pool capped above the rows the test holds: the next query gets a
// connection.
func TestCappedAboveHeld(t *testing.T) {
	var db *sql.DB
	db.SetMaxOpenConns(2)
	rows, _ := db.Query("SELECT 1")
	_ = rows
	var n int
	_ = db.QueryRow("SELECT 2").Scan(&n)
}

// A capped pool with a leak but no later use: nothing waits.
func TestCappedNoLaterUse(t *testing.T) {
	var db *sql.DB
	db.SetMaxOpenConns(1)
	rows, _ := db.Query("SELECT 1")
	_ = rows
}

// A leak in a loop: every iteration keeps a connection.
func TestLeakInLoop(t *testing.T) {
	var db *sql.DB
	for i := 0; i < 3; i++ {
		rows, err := db.Query("SELECT 1") // want `^rows are not closed when the loop runs db\.Query again, holding a pooled connection; close rows in each iteration$`
		if err != nil {
			t.Fatal(err)
		}
		_ = rows.Next()
	}
}

// Statements of a schema sent through QueryContext in a loop: one
// connection kept per statement.
func TestSchemaInLoop(t *testing.T) {
	var db *sql.DB
	ctx := context.Background()
	for _, q := range []string{"CREATE TABLE a (id int)", "CREATE TABLE b (id int)"} {
		if _, err := db.QueryContext(ctx, q); err != nil { // want `^these rows are discarded and never closed, holding a pooled connection; use db\.ExecContext$`
			t.Fatal(err)
		}
	}
}

// Rows closed at the end of the test, one set per iteration.
func TestDeferInLoop(t *testing.T) {
	var db *sql.DB
	for range 3 {
		rows, err := db.Query("SELECT 1")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close() // want `^rows\.Close deferred in the loop at line 93 runs only at return: each iteration holds a connection; close rows in the iteration$`
		_ = rows.Next()
	}
}

// A pool capped at one connection: the rows keep it, and the next query
// waits for ever.
func TestCappedBelowHeld(t *testing.T) {
	var db *sql.DB
	db.SetMaxOpenConns(1)
	rows, err := db.Query("SELECT 1") // want `^rows are not closed when the function ends, holding a pooled connection; close rows on every path$`
	if err != nil {
		t.Fatal(err)
	}
	_ = rows.Next()
	var n int
	_ = db.QueryRow("SELECT 2").Scan(&n)
}

// A testify-style suite capped in its setup: the cap holds for its tests.
type suite struct {
	db *sql.DB
}

func (s *suite) SetupSuite() { s.db.SetMaxOpenConns(1) }

func (s *suite) TestHeld(t *testing.T) {
	rows, _ := s.db.Query("SELECT 1") // want `^rows are not closed when the function ends, holding a pooled connection; defer rows\.Close\(\)$`
	_ = rows
	_, _ = s.db.Exec("DELETE FROM t")
}

// A statement on a busy transaction fails the test.
func TestBusy(t *testing.T) {
	var db *sql.DB
	tx, _ := db.Begin()
	defer tx.Rollback()
	rows, _ := tx.Query("SELECT id FROM t")
	defer rows.Close()
	for rows.Next() {
		_, _ = tx.Exec("DELETE FROM t") // want `^tx\.Exec while rows \(line 135\) are open: the connection is busy and drivers fail the statement; read rows into memory and close them first$`
	}
}
