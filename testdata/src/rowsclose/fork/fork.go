// Package fork reads rows of a sqlx fork published under another import
// path: its StructScan reads one row, it does not drain the rows.
package fork

import "github.com/acme/sqlx"

type user struct{ ID int }

func users(db *sqlx.DB) ([]user, error) {
	rows, err := db.Queryx("SELECT id FROM users") // want `^rows are not closed on the return at line 18, holding a pooled connection; defer rows\.Close\(\)$`
	if err != nil {
		return nil, err
	}
	var out []user
	for rows.Next() {
		var u user
		if err := rows.StructScan(&u); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}
