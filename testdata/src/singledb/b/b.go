// Package b calls the helpers of package a from its handlers: their bodies
// are not read (the precision rule), so only b's own openers are reported.
package b

import (
	"database/sql"
	"net/http"
	"os"

	"singledb/a"
)

func HandleTotals(w http.ResponseWriter, r *http.Request) {
	_, _ = a.LoadTotals(r.Context())
	if db, err := a.OpenPool(); err == nil {
		defer db.Close()
		_ = db.PingContext(r.Context())
	}
	s, err := a.NewServer()
	if err == nil {
		s.HandleOrdersShared(w, r)
	}
}

func HandleOwn(w http.ResponseWriter, r *http.Request) {
	db, err := sql.Open("postgres", os.Getenv("DATABASE_URL")) // want `^sql\.Open in this HTTP handler opens a pool per request, so connections multiply under load; open one at startup$`
	if err != nil {
		return
	}
	defer db.Close()
	_ = db.PingContext(r.Context())
}

func loop(orders []int) {
	for range orders {
		_, _ = a.LoadTotals(nil)
	}
}
