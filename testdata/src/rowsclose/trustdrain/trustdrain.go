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
	rows, err := db.Query("SELECT id FROM t")
	if err != nil {
		return 0, err
	}
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return 0, err // want `rows \(from db.Query at line 22\) are not closed when returning at line 29`
		}
		if id > 0 {
			return id, nil // want `rows \(from db.Query at line 22\) are not closed when returning at line 32`
		}
	}
	return 0, rows.Err()
}
