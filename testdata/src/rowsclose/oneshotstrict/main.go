// Package main: with -rowsclose.strict, code that runs once is reported as
// any other.
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
	db.SetMaxOpenConns(4)
	log.Print(countUsers(context.Background(), db))
}

func countUsers(ctx context.Context, db *sql.DB) (n int) {
	rows, err := db.QueryContext(ctx, "SELECT count(*) FROM users") // want `^rows close only when Next at line 23 returns false; an early return or panic leaks them: close rows on every path$`
	checkErr(err)
	for rows.Next() {
		checkErr(rows.Scan(&n))
	}
	return n
}

func checkErr(err error) {
	if err != nil {
		panic(err)
	}
}
