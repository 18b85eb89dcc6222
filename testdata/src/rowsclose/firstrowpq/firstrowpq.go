// Package firstrowpq holds the existence check of package firstrow on
// lib/pq, which returns rows before reading them: an error before the first
// row reaches rows.Err, and a Next that returns false reads it as no row.
package firstrowpq

import (
	"database/sql"

	_ "github.com/lib/pq"
)

func exists(db *sql.DB, name string) (bool, error) {
	rows, err := db.Query(`SELECT 1 FROM users WHERE name = $1`, name) // want `^rows\.Err is never checked after rows\.Next at line 18: an error reads as no row; check rows\.Err\(\) when Next returns false$`
	if err != nil {
		return false, err
	}
	defer rows.Close()
	if rows.Next() {
		return true, nil
	}
	return false, nil
}
