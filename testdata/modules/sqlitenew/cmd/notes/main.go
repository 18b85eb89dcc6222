// Command notes runs on SQLite or PostgreSQL, as configured: its main
// package imports modernc.org/sqlite v1.60.0, ncruces/go-sqlite3 v0.38.0
// and lib/pq.
package main

import (
	"context"
	"log"

	_ "github.com/lib/pq"
	_ "github.com/ncruces/go-sqlite3/driver"
	_ "modernc.org/sqlite"

	"example.com/notes/migrations"
	"example.com/notes/store"
)

func main() {
	s, err := store.Open("notes.db")
	if err != nil {
		log.Fatal(err)
	}
	if err := migrations.Run(context.Background(), s.DB()); err != nil {
		log.Fatal(err)
	}
}
