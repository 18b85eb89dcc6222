// Command notes is a SQLite service: its main package imports the drivers
// (modernc.org/sqlite v1.50.0 and ncruces/go-sqlite3 v0.30.0, as go.mod
// requires), its other packages only open pools by name or receive them.
package main

import (
	"context"
	"log"

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
