package main

import (
	"context"
	"database/sql"
	"log"

	"example.com/svc/store"
)

func main() {
	db, err := sql.Open("postgres", "")
	if err != nil {
		log.Fatal(err)
	}
	db.SetMaxOpenConns(10)
	log.Print(store.Save(context.Background(), db))
}
