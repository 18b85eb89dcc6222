// Package oneshotstrict: with -strict, a hold-and-wait in code that runs once
// per process is reported as any other.
package oneshotstrict

import (
	"database/sql"
	"net/http"
)

var db *sql.DB

func init() {
	var err error
	if db, err = sql.Open("postgres", "host=db"); err != nil {
		panic(err)
	}
	db.SetMaxOpenConns(10)
	if err := backfill(); err != nil {
		panic(err)
	}
	http.HandleFunc("/totals", totals)
}

// backfill runs once, from init: reported with -strict.
func backfill() error {
	rows, err := db.Query("SELECT id, v FROM t WHERE nonce IS NULL")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int
		var v string
		if err := rows.Scan(&id, &v); err != nil {
			return err
		}
		if _, err := db.Exec("UPDATE t SET v = $1 WHERE id = $2", v, id); err != nil { // want `^db\.Exec takes a second connection while rows holds one: N such calls deadlock a pool of N; buffer rows and close it first$`
			return err
		}
	}
	return rows.Err()
}

// totals is registered in init, and runs once per request.
func totals(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	rows, err := db.QueryContext(ctx, "SELECT id FROM orders")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer rows.Close()
	for rows.Next() {
		var id, n int
		if err := rows.Scan(&id); err != nil {
			return
		}
		if err := db.QueryRowContext(ctx, "SELECT count(*) FROM lines WHERE order_id = $1", id).Scan(&n); err != nil { // want `^db\.QueryRowContext takes a second connection while rows holds one: N such calls deadlock a pool of N; buffer rows and close it first$`
			return
		}
	}
}
