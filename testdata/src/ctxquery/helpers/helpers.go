// Package helpers queries without a context in functions that have none at
// hand: silent by default.
package helpers

import "database/sql"

// Store embeds the pool: its callers reach database/sql's methods.
type Store struct {
	*sql.DB
}

// CountUsers has no context at hand.
func CountUsers(db *sql.DB) (n int, err error) {
	err = db.QueryRow("SELECT count(*) FROM users").Scan(&n)
	return n, err
}
