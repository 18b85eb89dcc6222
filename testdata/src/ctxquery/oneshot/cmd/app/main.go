// Command app: startup before serving is one-shot; the serving loop and
// the workers it starts are not.
package main

import (
	"context"
	"database/sql"
	"net"
	"os"
	"os/signal"
	"time"

	"ctxquery/oneshot/queue"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	db, err := sql.Open("postgres", os.Getenv("DATABASE_URL"))
	if err != nil {
		panic(err)
	}
	if err := db.Ping(); err != nil {
		panic(err)
	}
	if err := migrate(ctx, db); err != nil {
		panic(err)
	}
	if err := backfill(ctx, db); err != nil {
		panic(err)
	}
	if os.Getenv("MODE") == "accept" {
		ln, _ := net.Listen("tcp", ":7000")
		accept(ctx, db, ln)
		return
	}
	if os.Getenv("MODE") == "consume" {
		consume(ctx, db, &queue.Reader{})
		return
	}
	go worker(ctx, db)
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Minute):
		}
		db.Exec("DELETE FROM sessions WHERE expires_at < now()") // want `^db\.Exec takes no context, so nothing cancels the query; use db\.ExecContext\(ctx, \.\.\.\)$`
		sweep(ctx, db)
	}
}

// Reached from main before serving.
func migrate(ctx context.Context, db *sql.DB) error {
	if err := db.PingContext(context.Background()); err != nil {
		return err
	}
	_, err := db.Exec("CREATE TABLE IF NOT EXISTS sessions (id text, expires_at timestamptz)")
	return err
}

// Started as a goroutine: it serves.
func worker(ctx context.Context, db *sql.DB) {
	db.Exec("UPDATE jobs SET state = 'ready'") // want `^db\.Exec takes no context, so nothing cancels the query; use db\.ExecContext\(ctx, \.\.\.\)$`
}

// Called from the serving loop.
func sweep(ctx context.Context, db *sql.DB) {
	db.Exec("DELETE FROM tokens WHERE expires_at < now()") // want `^db\.Exec takes no context, so nothing cancels the query; use db\.ExecContext\(ctx, \.\.\.\)$`
}

// A loop that waits between rounds serves, whatever its condition.
func poll(ctx context.Context, db *sql.DB) {
	for ctx.Err() == nil {
		db.Exec("UPDATE jobs SET state = 'ready'") // want `^db\.Exec takes no context, so nothing cancels the query; use db\.ExecContext\(ctx, \.\.\.\)$`
		time.Sleep(time.Second)
	}
}

func init() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	poll(ctx, nil)
}

// Reached from main before serving: a batch loop without condition that
// does not wait runs once, and so does what it calls.
func backfill(ctx context.Context, db *sql.DB) error {
	for {
		var id int64
		if err := db.QueryRow("SELECT id FROM users WHERE email <> lower(email) LIMIT 1").Scan(&id); err != nil {
			if err == sql.ErrNoRows {
				return nil
			}
			return err
		}
		if err := lowerEmail(ctx, db, id); err != nil {
			return err
		}
	}
}

func lowerEmail(ctx context.Context, db *sql.DB, id int64) error {
	_, err := db.Exec("UPDATE users SET email = lower(email) WHERE id = $1", id)
	return err
}

// A loop without condition blocked on a listener's Accept serves.
func accept(ctx context.Context, db *sql.DB, ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		c.Close()
		db.Exec("INSERT INTO conns VALUES (1)") // want `^db\.Exec takes no context, so nothing cancels the query; use db\.ExecContext\(ctx, \.\.\.\)$`
	}
}

// A loop without condition blocked on another package's call given a
// context (a queue's ReadMessage) serves.
func consume(ctx context.Context, db *sql.DB, r *queue.Reader) {
	for {
		m, err := r.ReadMessage(ctx)
		if err != nil {
			return
		}
		db.Exec("INSERT INTO events VALUES ($1)", m.Value) // want `^db\.Exec takes no context, so nothing cancels the query; use db\.ExecContext\(ctx, \.\.\.\)$`
	}
}
