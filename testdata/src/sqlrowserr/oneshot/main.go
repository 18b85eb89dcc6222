// Package main: the bundled sqlrowserr leaves code that runs once per
// process (main and what only it reaches) to -sqlrowserr.strict; a function
// that serves is reported.
package main

import (
	"database/sql"
	"log"
	"net/http"
)

func main() {
	db, err := sql.Open("postgres", "")
	if err != nil {
		log.Fatal(err)
	}
	db.SetMaxOpenConns(4)
	log.Print(names(db))
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { served(db) })
}

func names(db *sql.DB) []string {
	rows, err := db.Query("SELECT name FROM users")
	if err != nil {
		return nil
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		_ = rows.Scan(&n)
		out = append(out, n)
	}
	return out
}

func served(db *sql.DB) []string {
	rows, err := db.Query("SELECT name FROM users") // want `^sql\.Rows "rows" is used in Next loop at line 44 without final check of rows\.Err\(\)$`
	if err != nil {
		return nil
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		_ = rows.Scan(&n)
		out = append(out, n)
	}
	return out
}
