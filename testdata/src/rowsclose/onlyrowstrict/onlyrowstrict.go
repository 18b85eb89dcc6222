// Package onlyrowstrict: with -rowsclose.strict, the trailing "more than
// one row?" Next after the only row was read is reported, saying what is
// lost: an error that came after the data.
package onlyrowstrict

import (
	"context"
	"database/sql"
	"errors"
)

func count(ctx context.Context, db *sql.DB) (int, error) {
	rows, err := db.QueryContext(ctx, "SELECT COUNT(*) FROM t") // want `^rows\.Err is never checked after rows\.Next at line 25: an error after the only row is dropped; check rows\.Err\(\) when Next returns false$`
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
