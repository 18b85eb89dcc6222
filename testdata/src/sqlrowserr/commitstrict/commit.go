// Package commitstrict: with -sqlrowserr.strict, rows of a PostgreSQL
// transaction begun out of sight are reported.
package commitstrict

import (
	"database/sql"

	_ "github.com/lib/pq"
)

func names(tx *sql.Tx) ([]string, error) {
	rows, err := tx.Query("SELECT name FROM users") // want `^sql\.Rows "rows" is used in Next loop at line 18 without final check of rows\.Err\(\)$`
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, nil
}
