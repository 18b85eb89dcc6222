// Package commitstrict: with -sqlrowserr.strict, rows of a PostgreSQL
// transaction begun out of sight are reported.
package commitstrict

import (
	"context"
	"database/sql"

	_ "github.com/lib/pq"
)

func names(tx *sql.Tx) ([]string, error) {
	rows, err := tx.Query("SELECT name FROM users") // want `^sql\.Rows "rows" is used in Next loop at line 19 without final check of rows\.Err\(\)$`
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, nil
}

type adminTX struct{ tx *sql.Tx }

func (t *adminTX) listTrees(ctx context.Context) ([]int64, error) {
	stmt, err := t.tx.PrepareContext(ctx, "SELECT id FROM trees")
	if err != nil {
		return nil, err
	}
	defer stmt.Close()
	rows, err := stmt.QueryContext(ctx) // want `^sql\.Rows "rows" is used in Next loop at line 43 without final check of rows\.Err\(\)$`
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}
