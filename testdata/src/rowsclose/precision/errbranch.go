package precision

import (
	"context"
	"database/sql"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jmoiron/sqlx"
)

// ---- a return on rows.Err() != nil before the deferred Close ----

// childIDs returns when the query failed or its rows have an error:
// database/sql closes rows whose Err is not nil (a failed Next, or the
// context ended), so the rows are closed on that branch too.
func childIDs(ctx context.Context, db *sql.DB) ([]int, error) {
	rows, err := db.QueryContext(ctx, `SELECT id FROM t`)
	if err != nil || rows.Err() != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// childIDsx: sqlx's rows embed database/sql's, whose Err they promote; the
// error is tested through a variable given rows.Err().
func childIDsx(ctx context.Context, db *sqlx.DB) ([]int, error) {
	rows, err := db.QueryxContext(ctx, `SELECT id FROM t`)
	if err != nil {
		return nil, err
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

var errNoLimit = errors.New("no limit")

// childIDsLimited returns on another condition: the rows are open there.
func childIDsLimited(ctx context.Context, db *sql.DB, limit int) ([]int, error) {
	rows, err := db.QueryContext(ctx, `SELECT id FROM t LIMIT $1`, limit) // want `^rows are not closed on the return at line 62, holding a pooled connection; close rows on every path$`
	if err != nil || limit == 0 {
		return nil, errNoLimit
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// errRows has an Err of its own, which says nothing of the rows it embeds.
type errRows struct {
	*sql.Rows
	bad bool
}

func (r *errRows) Err() error {
	if r.bad {
		return errNoLimit
	}
	return r.Rows.Err()
}

func childIDsWrapped(ctx context.Context, db *sql.DB, bad bool) ([]int, error) {
	rows, err := db.QueryContext(ctx, `SELECT id FROM t`) // want `^rows are not closed on the return at line 96, holding a pooled connection; defer rows\.Close\(\)$`
	if err != nil {
		return nil, err
	}
	w := &errRows{Rows: rows, bad: bad}
	if w.Err() != nil {
		return nil, w.Err()
	}
	defer w.Close()
	var out []int
	for w.Next() {
		var id int
		if err := w.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, w.Err()
}

// childIDsPgx: pgx's rows are an interface whose implementations need not
// release their connection when Err is set (pgxpool's release it in
// Close): still reported.
func childIDsPgx(ctx context.Context, conn *pgx.Conn) ([]int, error) {
	rows, err := conn.Query(ctx, `SELECT id FROM t`) // want `^rows are not closed on the return at line 116, keeping the connection busy; close rows on every path$`
	if err != nil || rows.Err() != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
