// Package main is a command: code that runs once per process (main, a CLI
// command, what only they reach) is not reported for a handle left open
// only on an error return, which ends the process; on a success path, in a
// loop, or in code that serves, it is.
package main

import (
	"context"
	"database/sql"
	"log"
	"net/http"

	"github.com/spf13/cobra"
)

func main() {
	db, err := sql.Open("postgres", "")
	if err != nil {
		log.Fatal(err)
	}
	db.SetMaxOpenConns(10)
	if err := migrate(context.Background(), db); err != nil {
		log.Fatal(err)
	}
	if err := seed(context.Background(), db); err != nil {
		log.Fatal(err)
	}
	cmd := &cobra.Command{Use: "vet", RunE: func(cmd *cobra.Command, args []string) error {
		return vet(cmd.Context(), db)
	}}
	http.HandleFunc("/mark", func(w http.ResponseWriter, r *http.Request) {
		if err := mark(r.Context(), db); err != nil {
			http.Error(w, err.Error(), 500)
		}
	})
	go serve()
	if _, err := reopen("a", "b"); err != nil {
		log.Fatal(err)
	}
	if err := cmd.Execute(); err != nil {
		log.Fatal(err)
	}
}

// migrate runs once, from main: the error return ends the process.
func migrate(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "CREATE TABLE t (x int)"); err != nil {
		return err
	}
	return tx.Commit()
}

// seed runs once, but its success path never commits: the rows are lost.
func seed(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil) // want `^tx is left open on the return at line 64 until ctx ends, holding its connection and locks; defer tx\.Rollback\(\)$`
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO t VALUES (1)"); err != nil {
		return err
	}
	return nil
}

// vet is a CLI command's: the connection is left open when Ping fails, and
// the command then exits with the error.
func vet(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	if err := conn.PingContext(ctx); err != nil {
		return err
	}
	defer conn.Close()
	return nil
}

// mark serves requests: the error return leaves the transaction open for
// as long as the process lives.
func mark(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil) // want `^tx is left open on the return at line 91 until ctx ends, holding its connection and locks; defer tx\.Rollback\(\)$`
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE t SET x = 2"); err != nil {
		return err
	}
	return tx.Commit()
}

// serve runs in a goroutine: not once.
func serve() {
	db, _ := sql.Open("postgres", "")
	db.SetMaxOpenConns(10)
	_ = migrateAgain(context.Background(), db)
}

func migrateAgain(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil) // want `^tx is left open on the return at line 109 until ctx ends, holding its connection and locks; defer tx\.Rollback\(\)$`
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "CREATE TABLE t (x int)"); err != nil {
		return err
	}
	return tx.Commit()
}

// Startup replaces a pool whose Ping failed: one pool leaks, once (left to
// -strict).
func reopen(dsn, fallback string) (*sql.DB, error) {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return nil, err
	}
	if err := db.Ping(); err != nil {
		db, err = sql.Open("postgres", fallback)
		if err != nil {
			return nil, err
		}
	}
	return db, nil
}
