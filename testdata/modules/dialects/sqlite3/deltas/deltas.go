// Package deltas is a SQLite migration that imports lib/pq only for
// pq.Array and pq.QuoteIdentifier: no evidence that its pools are lib/pq's.
// Its SQL is SQLite's: a statement while the rows are open is allowed.
package deltas

import (
	"context"
	"database/sql"

	"github.com/lib/pq"
)

func Up(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `CREATE TABLE s2 (nid INTEGER PRIMARY KEY AUTOINCREMENT, ids TEXT)`); err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT nid FROM `+pq.QuoteIdentifier("s"))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var nid int64
		if err := rows.Scan(&nid); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO s2 (ids) VALUES ($1)`, pq.Array([]int64{nid})); err != nil {
			return err
		}
	}
	return rows.Err()
}

var _ pq.Int64Array
