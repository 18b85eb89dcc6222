// Command migrate opens its pools in main, in init and in run: once per
// process, all silent; but a handler literal in main is a request scope.
package main

import (
	"database/sql"
	"log"
	"net/http"
	"os"
)

var dsn = os.Getenv("DATABASE_URL")

func init() {
	for i := 0; i < 3; i++ {
		db, err := sql.Open("postgres", dsn)
		if err == nil {
			db.Close()
		}
	}
}

func main() {
	if err := run(); err != nil {
		log.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		_ = migrate()
		db, _ := sql.Open("postgres", dsn)
		db.Close()
	}
	http.HandleFunc("/health", func(w http.ResponseWriter, r *http.Request) {
		db, err := sql.Open("postgres", dsn) // want `^sql\.Open in this HTTP handler opens a pool per request, so connections multiply under load; open one at startup$`
		if err != nil {
			return
		}
		defer db.Close()
		if err := db.PingContext(r.Context()); err != nil {
			return
		}
		_ = migrate() // want `^migrate opens a pool per call, so one per request in this HTTP handler: connections multiply under load; pass it a \*sql\.DB$`
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}

// run is a per-call pool called once, from main.
func run() error {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	return db.Ping()
}

func migrate() error {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.Exec("SELECT 1")
	return err
}
