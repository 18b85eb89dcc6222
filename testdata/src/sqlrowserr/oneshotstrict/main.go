// Package main: with -sqlrowserr.strict, code that runs once is reported.
package main

import (
	"database/sql"
	"log"
)

func main() {
	db, err := sql.Open("postgres", "")
	if err != nil {
		log.Fatal(err)
	}
	db.SetMaxOpenConns(4)
	log.Print(names(db))
}

func names(db *sql.DB) []string {
	rows, err := db.Query("SELECT name FROM users") // want `^sql\.Rows "rows" is used in Next loop at line 25 without final check of rows\.Err\(\)$`
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
