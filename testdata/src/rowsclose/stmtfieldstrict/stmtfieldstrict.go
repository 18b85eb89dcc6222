// Package stmtfieldstrict: with -rowsclose.strict, rows of a statement
// prepared on or bound to the receiver's PostgreSQL transaction are
// reported: their Commit surfaces the error, but rows.Err is unchecked.
package stmtfieldstrict

import (
	"context"
	"database/sql"

	_ "github.com/lib/pq"
)

type adminTX struct{ tx *sql.Tx }

func (t *adminTX) exists(ctx context.Context, id int64) (bool, error) {
	stmt, err := t.tx.PrepareContext(ctx, "SELECT 1 FROM trees WHERE id = $1")
	if err != nil {
		return false, err
	}
	defer stmt.Close()
	rows, err := stmt.QueryContext(ctx, id) // want `^rows\.Err is never checked after rows\.Next at line 26: an error reads as no row; check rows\.Err\(\) when Next returns false$`
	if err != nil {
		return false, err
	}
	defer rows.Close()
	if rows.Next() {
		return true, nil
	}
	return false, nil
}

type treeTX struct {
	tx  *sql.Tx
	get *sql.Stmt
}

func (t *treeTX) ids(ctx context.Context) ([]int64, error) {
	stx := t.tx.StmtContext(ctx, t.get)
	defer stx.Close()
	rows, err := stx.QueryContext(ctx) // want `^rows\.Err is never checked after the Next loop at line 49: an error reads as the end of the rows; check rows\.Err\(\) when Next returns false$`
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	if rows.Err() != nil {
		return nil, rows.Err()
	}
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
