// Package main: with -connleak.strict, a handle left open only on an error
// return of code that runs once is reported too.
package main

import (
	"context"
	"database/sql"
	"log"
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
	if _, err := reopen("a", "b"); err != nil {
		log.Fatal(err)
	}
}

func migrate(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil) // want `^tx is left open on the return at line 31 until ctx ends, holding its connection and locks; defer tx\.Rollback\(\)$`
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "CREATE TABLE t (x int)"); err != nil {
		return err
	}
	return tx.Commit()
}

func reopen(dsn, fallback string) (*sql.DB, error) {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return nil, err
	}
	if err := db.Ping(); err != nil {
		db, err = sql.Open("postgres", fallback) // want `^db is assigned a new pool while the one from line 37 is open: nothing can close the first, its connections and goroutine leak; close db first$`
		if err != nil {
			return nil, err
		}
	}
	return db, nil
}
