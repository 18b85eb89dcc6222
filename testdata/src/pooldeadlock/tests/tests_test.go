package tests

import (
	"context"
	"database/sql"
	"testing"
)

// The pool has no limit: the second connection comes.
func TestUnlimited(t *testing.T) {
	var db *sql.DB
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	var n int
	_ = db.QueryRowContext(ctx, "SELECT count(*) FROM t").Scan(&n)
}

// Capped at two, one held: the second connection comes.
func TestCappedAboveHeld(t *testing.T) {
	var db *sql.DB
	db.SetMaxOpenConns(2)
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	var n int
	_ = db.QueryRowContext(ctx, "SELECT count(*) FROM t").Scan(&n)
}

// Capped at one, one held: the test waits for ever.
func TestCappedAtHeld(t *testing.T) {
	var db *sql.DB
	db.SetMaxOpenConns(1)
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	var n int
	_ = db.QueryRowContext(ctx, "SELECT count(*) FROM t").Scan(&n) // want `^db\.QueryRowContext takes a second connection while tx holds one: N such calls deadlock a pool of N; run it on tx$`
}

// Capped at two, two held: the third waits for ever.
func TestCappedAtTwoHeld(t *testing.T) {
	var db *sql.DB
	db.SetMaxOpenConns(2)
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	conn, err := db.Conn(ctx) // the second of two: it comes
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_, _ = db.ExecContext(ctx, "DELETE FROM t") // want `^db\.ExecContext takes a second connection while tx holds one: N such calls deadlock a pool of N; run it on tx$`
}
