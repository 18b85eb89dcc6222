// Package main is a command: in code that runs once per process, rows left
// open only where the run fails (an error return, a panic before they are
// read to the end) and an unchecked rows.Err are left to -rowsclose.strict;
// rows left open on a path that succeeds are reported.
package main

import (
	"context"
	"database/sql"
	"log"
	"sync"
)

var (
	once        sync.Once
	initialized bool
)

func main() {
	db, err := sql.Open("postgres", "")
	if err != nil {
		log.Fatal(err)
	}
	db.SetMaxOpenConns(4)
	ctx := context.Background()
	log.Print(countUsers(ctx, db))
	log.Print(isInitialized(ctx, db))
	log.Print(firstName(ctx, db))
}

// Read to the end (checkErr panics on a failed Scan), Err unchecked: silent.
func countUsers(ctx context.Context, db *sql.DB) (n int) {
	rows, err := db.QueryContext(ctx, "SELECT count(*) FROM users")
	checkErr(err)
	for rows.Next() {
		checkErr(rows.Scan(&n))
	}
	return n
}

// The literal of a package-level sync.Once runs once: silent.
func isInitialized(ctx context.Context, db *sql.DB) bool {
	once.Do(func() {
		rows, err := db.QueryContext(ctx, "SELECT 1 FROM property WHERE id = 'setup'")
		checkErr(err)
		initialized = readCount(rows) > 0
	})
	return initialized
}

func readCount(rows *sql.Rows) (n int) {
	for rows.Next() {
		checkErr(rows.Scan(&n))
	}
	return n
}

// Left open on the path that succeeds: reported.
func firstName(ctx context.Context, db *sql.DB) string {
	rows, err := db.QueryContext(ctx, "SELECT name FROM users") // want `^rows are not closed on the return at line 68, holding a pooled connection; defer rows\.Close\(\)$` `^rows\.Err is never checked after rows\.Next at line 65: an error reads as no row; check rows\.Err\(\) when Next returns false$`
	if err != nil {
		return ""
	}
	var name string
	if rows.Next() {
		checkErr(rows.Scan(&name))
	}
	return name
}

func checkErr(err error) {
	if err != nil {
		panic(err)
	}
}
