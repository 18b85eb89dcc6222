// Package firstrow holds rows.Err cases on pgx's stdlib driver, the only
// driver the package imports: its QueryContext reads the result up to the
// first row and returns any error met on the way, so a first Next that
// returns false carries no error. An existence check on the first Next is
// silent; a Next after a row, a Next loop, and rows whose context can end
// before the first Next stay reported.
package firstrow

import (
	"context"
	"database/sql"

	_ "github.com/jackc/pgx/v5/stdlib"
)

var errNotFound = sqlErr("not found")

type sqlErr string

func (e sqlErr) Error() string { return string(e) }

// An existence check: the no-row path returns success, but with this
// driver the first Next is false only for an empty result.
func exists(db *sql.DB, name string) (bool, error) {
	rows, err := db.Query(`SELECT 1 FROM users WHERE name = $1`, name)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	if rows.Next() {
		return true, nil
	}
	return false, nil
}

// The same, returned at once.
func existsReturned(db *sql.DB, name string) (bool, error) {
	rows, err := db.Query(`SELECT 1 FROM users WHERE name = $1`, name)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	return rows.Next(), nil
}

// A context that never ends: silent too.
func firstID(db *sql.DB) (int, error) {
	rows, err := db.QueryContext(context.Background(), `SELECT id FROM jobs ORDER BY id LIMIT 1`)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	if !rows.Next() {
		return 0, nil
	}
	var id int
	err = rows.Scan(&id)
	return id, err
}

// An INSERT ... RETURNING on a pool, read by one Next.
func ensurePending(db *sql.DB, job int) (bool, error) {
	rows, err := db.Query(`INSERT INTO builds (job_id) SELECT $1 WHERE NOT EXISTS (SELECT 1 FROM builds WHERE job_id = $1) RETURNING id`, job)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	created := rows.Next()
	return created, nil
}

// A context that can end between Query and Next: database/sql closes the
// rows then, and their Err is the context's. Reported.
func existsCtx(ctx context.Context, db *sql.DB, name string) (bool, error) {
	rows, err := db.QueryContext(ctx, `SELECT 1 FROM users WHERE name = $1`, name) // want `^rows\.Err is never checked after rows\.Next at line 80: an error reads as no row; check rows\.Err\(\) when Next returns false$`
	if err != nil {
		return false, err
	}
	defer rows.Close()
	return rows.Next(), nil
}

// A Next after the first row: an error there is in the middle of the rows.
// Reported.
func firstAndMore(db *sql.DB) (int, bool, error) {
	rows, err := db.Query(`SELECT id FROM jobs ORDER BY id LIMIT 2`) // want `^rows\.Err is never checked after rows\.Next at line 98: an error reads as no row; check rows\.Err\(\) when Next returns false$`
	if err != nil {
		return 0, false, err
	}
	defer rows.Close()
	if !rows.Next() {
		return 0, false, errNotFound
	}
	var id int
	if err := rows.Scan(&id); err != nil {
		return 0, false, err
	}
	more := rows.Next()
	return id, more, nil
}

// A Next loop in a helper: errors after the first row reach rows.Err.
// Reported at the loop.
func ids(db *sql.DB) ([]int, error) {
	rows, err := db.Query(`SELECT id FROM jobs`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return collect(rows)
}

func collect(rows *sql.Rows) ([]int, error) {
	var out []int
	for rows.Next() { // want `^rows\.Err is never checked after this Next loop: an error reads as the end of the rows; check rows\.Err\(\) when Next returns false$`
		var id int
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, nil
}
