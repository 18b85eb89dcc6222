// Package txrows: rows of a transaction returned to the caller, the
// transaction never ended. The finding is true (the transaction holds its
// connection), but a deferred Rollback would close the rows before the
// caller reads them, silently: no fix.
package txrows

import (
	"context"
	"database/sql"
	"fmt"
)

func openRows(ctx context.Context, db *sql.DB) (*sql.Rows, error) {
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	return tx.QueryContext(ctx, "SELECT id FROM t ORDER BY id")
}

// Run reads every id.
func Run(ctx context.Context, db *sql.DB) (string, error) {
	rows, err := openRows(ctx, db)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var ids []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return "", err
		}
		ids = append(ids, id)
	}
	return fmt.Sprint(ids), rows.Err()
}
