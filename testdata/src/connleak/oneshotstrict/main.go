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
}

func migrate(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil) // want `^tx is left open on the return at line 28, holding its connection and locks; defer tx\.Rollback\(\)$`
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "CREATE TABLE t (x int)"); err != nil {
		return err
	}
	return tx.Commit()
}
