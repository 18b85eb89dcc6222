// Command app: startup before serving is one-shot; the serving loop and
// the workers it starts are not.
package main

import (
	"context"
	"database/sql"
	"os"
	"os/signal"
	"time"
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
