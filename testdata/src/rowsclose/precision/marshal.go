package precision

// json.Marshal of a value that cannot fail to encode: its error branch is
// not a path, so the rows left open there leak nothing. A float field can
// fail (NaN): reported.

import (
	"context"
	"database/sql"
	"encoding/json"
)

type filter struct {
	Names []string
	Limit int
}

type scored struct {
	Name  string
	Score float64
}

func namesMatching(ctx context.Context, db *sql.DB, f filter) ([]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT name FROM t`)
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(f)
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
		out = append(out, s+string(b))
	}
	return out, rows.Err()
}

func namesScored(ctx context.Context, db *sql.DB, f scored) ([]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT name FROM t`) // want `^rows are not closed on the return at line 51, holding a pooled connection; defer rows\.Close\(\)$`
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(f)
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
		out = append(out, s+string(b))
	}
	return out, rows.Err()
}
