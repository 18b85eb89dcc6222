// Package fix holds the cases whose suggested fixes are checked against
// fix.go.golden.
package fix

import (
	"context"
	"database/sql"
)

func discardedQuery(ctx context.Context, db *sql.DB, tx *sql.Tx) error {
	db.Query("DELETE FROM t")                       // want `the rows returned by db.Query are discarded`
	_, err := db.QueryContext(ctx, "DELETE FROM t") // want `the rows returned by db.QueryContext are discarded`
	if err != nil {
		return err
	}
	tx.QueryRow("UPDATE t SET a = 1") // want `the row returned by tx.QueryRow is never scanned`
	return nil
}

func drained(db *sql.DB) ([]int, error) {
	rows, err := db.Query("SELECT id FROM t") // want `rows \(from db.Query\) are released only when rows.Next\(\) at line 26 returns false`
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

func leak(db *sql.DB, skip bool) (int, error) {
	rows, err := db.Query("SELECT id FROM t")
	if err != nil {
		return 0, err
	}
	if skip {
		return 0, nil // want `rows \(from db.Query at line 35\) are not closed when returning at line 40`
	}
	var n int
	for rows.Next() {
		if err := rows.Scan(&n); err != nil {
			return 0, err // want `rows \(from db.Query at line 35\) are not closed when returning at line 45`
		}
	}
	return n, rows.Err()
}

// The rows are returned on one path: deferring Close would break the caller.
func returnedOnAPath(db *sql.DB, peek bool) (*sql.Rows, error) {
	rows, err := db.Query("SELECT id FROM t")
	if err != nil {
		return nil, err
	}
	if peek {
		return rows, nil
	}
	return nil, nil // want `rows \(from db.Query at line 53\) are not closed when returning at line 60`
}
