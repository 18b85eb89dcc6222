package precision

import (
	"context"
	"database/sql"
)

// rows.Err checked before the loop only: the rows have not been read yet,
// so an error in their middle still reads as their end.
func namesErrBeforeLoop(ctx context.Context, db *sql.DB) ([]string, error) {
	rows, err := db.QueryContext(ctx, "SELECT name FROM t") // want `^rows\.Err is never checked after the Next loop at line 20: an error reads as the end of the rows; check rows\.Err\(\) when Next returns false$`
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		names = append(names, n)
	}
	return names, nil
}

// Checked after the loop: silent.
func namesErrAfterLoop(ctx context.Context, db *sql.DB) ([]string, error) {
	rows, err := db.QueryContext(ctx, "SELECT name FROM t")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		names = append(names, n)
	}
	return names, rows.Err()
}

// Checked in a deferred closure written before the loop: it runs after
// the loop, silent.
func namesErrDeferred(ctx context.Context, db *sql.DB) (names []string, err error) {
	rows, err := db.QueryContext(ctx, "SELECT name FROM t")
	if err != nil {
		return nil, err
	}
	defer func() {
		if rerr := rows.Err(); rerr != nil && err == nil {
			err = rerr
		}
		rows.Close()
	}()
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		names = append(names, n)
	}
	return names, nil
}

// Checked at the top of each page's loop, before the inner Next loop: an
// outer loop holds both, so the check runs after the previous page's rows.
func pages(ctx context.Context, db *sql.DB, rows *sql.Rows) error {
	for {
		if err := rows.Err(); err != nil {
			return err
		}
		for rows.Next() {
		}
		if !rows.NextResultSet() {
			return nil
		}
	}
}
