// Package onlyrow: the trailing "more than one row?" Next after the only
// row was read (R10VT-D1) is no Next loop, so the bundled sqlrowserr does
// not report it, as rowsclose does not by default; the same check written
// as a loop is its shape, and is reported.
package onlyrow

import (
	"context"
	"database/sql"
	"errors"
)

func count(ctx context.Context, db *sql.DB) (int, error) {
	rows, err := db.QueryContext(ctx, "SELECT COUNT(*) FROM t")
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	if !rows.Next() {
		return 0, errors.New("no rows")
	}
	var n int
	if err := rows.Scan(&n); err != nil {
		return 0, err
	}
	if rows.Next() {
		return 0, errors.New("too many rows")
	}
	return n, nil
}

func countLoop(ctx context.Context, db *sql.DB) (int, error) {
	rows, err := db.QueryContext(ctx, "SELECT COUNT(*) FROM t") // want `^sql\.Rows "rows" is used in Next loop at line 45 without final check of rows\.Err\(\)$`
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	if !rows.Next() {
		return 0, errors.New("no rows")
	}
	var n int
	if err := rows.Scan(&n); err != nil {
		return 0, err
	}
	for rows.Next() {
		return 0, errors.New("too many rows")
	}
	return n, nil
}
