package tests

import (
	"context"
	"database/sql"
	"testing"
)

// A connection held on purpose for an advisory lock, until the test ends.
func TestLockConnection(t *testing.T) {
	var db *sql.DB
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock(1)"); err != nil {
		t.Fatal(err)
	}
}

// A transaction left open when the test ends.
func TestTxLeftOpen(t *testing.T) {
	var db *sql.DB
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	_, _ = tx.Exec("DELETE FROM t")
}

// A statement never closed, once.
func TestStmt(t *testing.T) {
	var db *sql.DB
	stmt, err := db.Prepare("SELECT 1")
	if err != nil {
		t.Fatal(err)
	}
	_, _ = stmt.Exec()
}

// A transaction per iteration, never ended: each keeps a connection.
func TestTxPerIteration(t *testing.T) {
	var db *sql.DB
	for _, id := range []int{1, 2, 3} {
		tx, err := db.BeginTx(context.Background(), nil) // want `^tx is left open when the loop runs db\.BeginTx again, holding its connection and locks; commit or roll back tx in each iteration$`
		if err != nil {
			t.Fatal(err)
		}
		_, _ = tx.Exec("DELETE FROM t WHERE id = $1", id)
	}
}

// A pool capped at one connection: the connection is held, and the next
// statement on the pool waits for ever.
func TestCappedBelowHeld(t *testing.T) {
	var db *sql.DB
	db.SetMaxOpenConns(1)
	ctx := context.Background()
	conn, err := db.Conn(ctx) // want `^conn is not closed when the function ends, so it never returns to the pool; close conn on every path$`
	if err != nil {
		t.Fatal(err)
	}
	_, _ = conn.ExecContext(ctx, "SELECT pg_advisory_lock(1)")
	_, _ = db.ExecContext(ctx, "DELETE FROM t")
}

// Capped at two: the second statement gets the other connection.
func TestCappedAboveHeld(t *testing.T) {
	var db *sql.DB
	db.SetMaxOpenConns(2)
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = conn.ExecContext(ctx, "SELECT pg_advisory_lock(1)")
	_, _ = db.ExecContext(ctx, "DELETE FROM t")
}
