// Package noloops is checked with -singledb.loops=false: only request
// scopes are reported.
package noloops

import (
	"database/sql"
	"net/http"
	"os"
)

var dsn = os.Getenv("DATABASE_URL")

func perCall() error {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	return db.Ping()
}

func batch(n int) {
	for i := 0; i < n; i++ {
		db, _ := sql.Open("postgres", dsn)
		db.Close()
		_ = perCall()
	}
}

func Handle(w http.ResponseWriter, r *http.Request) {
	_ = perCall() // want `^perCall opens a pool per call, so one per request in this HTTP handler: connections multiply under load; pass it a \*sql\.DB$`
}
