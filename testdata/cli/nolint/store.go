// Package store carries golangci-lint //nolint comments written for the
// linters dbpoollint replaces: dbpoollint honours them on its matching
// findings, unless -ignoredirective.honor-nolint=false.
package store

import (
	"database/sql"
	"net/http"
)

func cleanup(db *sql.DB) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		db.Exec("DELETE FROM sessions") //nolint:noctx // runs to completion even when the client leaves
		db.Exec("DELETE FROM carts")
	}
}

func names(db *sql.DB) ([]string, error) {
	rows, err := db.Query("SELECT name FROM users") //nolint:errcheck,sqlclosecheck // reviewed in #12
	if err != nil {
		return nil, err
	}
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

func behindPgbouncer(db *sql.DB) {
	db.SetMaxOpenConns(0) //nolint // pgbouncer caps the server connections
}

func unlimited(db *sql.DB) {
	db.SetMaxOpenConns(0)
}
