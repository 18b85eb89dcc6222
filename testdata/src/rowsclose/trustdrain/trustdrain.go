// Package trustdrain is analyzed with -rowsclose.trust-drain: rows released
// only by reading them to the end are not reported; a real leak still is.
package trustdrain

import "database/sql"

func drained(db *sql.DB) ([]int, error) {
	rows, err := db.Query("SELECT id FROM t")
	if err != nil {
		return nil, err
	}
	var ids []int
	for rows.Next() {
		var id int
		_ = rows.Scan(&id)
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

func leavesTheLoopEarly(db *sql.DB) (int, error) {
	rows, err := db.Query("SELECT id FROM t") // want `^rows are not closed on the return at line 29, holding a pooled connection; defer rows\.Close\(\)$`
	if err != nil {
		return 0, err
	}
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return 0, err
		}
		if id > 0 {
			return id, nil
		}
	}
	return 0, rows.Err()
}
