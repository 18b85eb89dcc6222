package tests

import (
	"context"
	"database/sql"
	"testing"
)

var db *sql.DB

func TestUsers(t *testing.T) {
	db.Exec("CREATE TABLE users (id int)") // want `^db\.Exec takes no context, so nothing cancels the query; use db\.ExecContext\(t\.Context\(\), \.\.\.\)$`

	// t.Context() is cancelled before cleanups run: not at hand there, and
	// the background is right.
	t.Cleanup(func() {
		db.Exec("DROP TABLE users")
		db.ExecContext(context.Background(), "DROP TABLE users")
	})

	t.Run("insert", func(t *testing.T) {
		db.Exec("INSERT INTO users VALUES (2)") // want `^db\.Exec takes no context, so nothing cancels the query; use db\.ExecContext\(t\.Context\(\), \.\.\.\)$`
	})

	ctx := t.Context()
	db.Exec("DELETE FROM users")                              // want `^db\.Exec takes no context, so nothing cancels the query; use db\.ExecContext\(ctx, \.\.\.\)$`
	db.ExecContext(context.Background(), "DELETE FROM users") // want `^db\.ExecContext gets context\.Background\(\) though ctx is at hand: nothing cancels the query; pass ctx$`
	_ = ctx
}

func BenchmarkUsers(b *testing.B) {
	for b.Loop() {
		db.QueryRow("SELECT 1") // want `^db\.QueryRow takes no context, so nothing cancels the query; use db\.QueryRowContext\(b\.Context\(\), \.\.\.\)$`
	}
}

func FuzzUsers(f *testing.F) {
	f.Fuzz(func(t *testing.T, id int) {
		db.Exec("DELETE FROM users WHERE id = $1", id) // want `^db\.Exec takes no context, so nothing cancels the query; use db\.ExecContext\(t\.Context\(\), \.\.\.\)$`
	})
}
