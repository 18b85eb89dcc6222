// Package stmtfield: rows of a statement prepared on, or bound to, a
// transaction held in a field of the receiver (trillian's crdb storage,
// R10VT-D2), on lib/pq. The transaction is begun and committed out of
// sight: an error in the middle of the rows aborts it and its Commit
// fails, so the unchecked rows.Err is left to -strict, as for rows of
// t.tx.QueryContext. A statement of the pool on some path is still
// reported.
package stmtfield

import (
	"context"
	"database/sql"
	"errors"

	_ "github.com/lib/pq"
)

type adminTX struct{ tx *sql.Tx }

// exists reads a statement prepared on the receiver's transaction: silent.
func (t *adminTX) exists(ctx context.Context, id int64) (bool, error) {
	stmt, err := t.tx.PrepareContext(ctx, "SELECT 1 FROM trees WHERE id = $1")
	if err != nil {
		return false, err
	}
	defer stmt.Close()
	rows, err := stmt.QueryContext(ctx, id)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	if rows.Next() {
		return true, nil
	}
	return false, nil
}

type treeStorage struct {
	db    *sql.DB
	stmts map[int]*sql.Stmt
}

// getSubtreeStmt returns a statement of the pool from a cache.
func (s *treeStorage) getSubtreeStmt(ctx context.Context, n int) (*sql.Stmt, error) {
	if st, ok := s.stmts[n]; ok {
		return st, nil
	}
	st, err := s.db.PrepareContext(ctx, "SELECT id, nodes FROM subtrees WHERE id = ANY($1)")
	if err != nil {
		return nil, err
	}
	s.stmts[n] = st
	return st, nil
}

type treeTX struct {
	ts *treeStorage
	tx *sql.Tx
}

// getSubtrees binds a cached statement to the receiver's transaction and
// checks rows.Err only before the loop: silent.
func (t *treeTX) getSubtrees(ctx context.Context, ids []int64) ([][]byte, error) {
	tmpl, err := t.ts.getSubtreeStmt(ctx, len(ids))
	if err != nil {
		return nil, err
	}
	stx := t.tx.StmtContext(ctx, tmpl)
	defer stx.Close()
	rows, err := stx.QueryContext(ctx, ids)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	if rows.Err() != nil {
		return nil, rows.Err()
	}
	var ret [][]byte
	for rows.Next() {
		var id int64
		var nodes []byte
		if err := rows.Scan(&id, &nodes); err != nil {
			return nil, err
		}
		ret = append(ret, nodes)
	}
	return ret, nil
}

// latest reads a statement bound to the transaction on one path and the
// pool's own on the other: reported.
func (t *treeTX) latest(ctx context.Context, inTx bool) (bool, error) {
	tmpl, err := t.ts.getSubtreeStmt(ctx, 1)
	if err != nil {
		return false, err
	}
	st := tmpl
	if inTx {
		st = t.tx.StmtContext(ctx, tmpl)
	}
	rows, err := st.QueryContext(ctx) // want `^rows\.Err is never checked after rows\.Next at line 106: an error reads as no row; check rows\.Err\(\) when Next returns false$`
	if err != nil {
		return false, err
	}
	defer rows.Close()
	if rows.Next() {
		return true, nil
	}
	return false, nil
}

// lookup leaves the rows of the receiver's transaction open on an error
// return only: whoever began the transaction rolls it back on that error,
// and its end closes them. Silent.
func (t *treeTX) lookup(ctx context.Context, id int64) ([]byte, error) {
	stmt, err := t.tx.PrepareContext(ctx, "SELECT nodes FROM subtrees WHERE id = $1")
	if err != nil {
		return nil, err
	}
	defer stmt.Close()
	rows, err := stmt.QueryContext(ctx, id)
	if err != nil {
		return nil, err
	}
	if !rows.Next() {
		return nil, errors.New("no subtree")
	}
	var nodes []byte
	if err := rows.Scan(&nodes); err != nil {
		return nil, err
	}
	rows.Close()
	return nodes, rows.Err()
}
