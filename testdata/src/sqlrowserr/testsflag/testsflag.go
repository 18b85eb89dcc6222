// Package testsflag: x/tools' sqlrowserr, bundled, outside test code.
package testsflag

import "database/sql"

func names(db *sql.DB) ([]string, error) {
	rows, err := db.Query("SELECT name FROM users") // want `^sql\.Rows "rows" is used in Next loop at line 13 without final check of rows\.Err\(\)$`
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}
