package txend

import (
	"context"
	"database/sql"
)

// blob reads rows of a statement prepared on the transaction: database/sql
// ties them to it, and the Rollback deferred before them closes them on the
// return after a failed Scan.
func blob(ctx context.Context, db *sql.DB, id int) ([]byte, error) {
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	st, err := tx.PrepareContext(ctx, `SELECT b FROM blocks WHERE id = $1`)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	rows, err := st.QueryContext(ctx, id)
	if err != nil {
		return nil, err
	}
	if rows.Next() {
		var b []byte
		if err := rows.Scan(&b); err != nil {
			return nil, err // the deferred Rollback closes the rows
		}
		return b, nil
	}
	return nil, rows.Err()
}

// blobOfBound reads a statement of the pool bound to the transaction
// (tx.Stmt): its rows are the transaction's too.
func blobOfBound(ctx context.Context, db *sql.DB, prepared *sql.Stmt, id int) ([]byte, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer func() { _ = tx.Rollback() }()
	st := tx.StmtContext(ctx, prepared)
	rows, err := st.QueryContext(ctx, id)
	if err != nil {
		return nil, err
	}
	if rows.Next() {
		var b []byte
		if err := rows.Scan(&b); err != nil {
			return nil, err
		}
		return b, nil
	}
	return nil, rows.Err()
}

// blobFound: closed by the Rollback, but a failed query still reads as no
// row, and no Commit surfaces it.
func blobFound(ctx context.Context, db *sql.DB, id int) (bool, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	st, err := tx.Prepare(`SELECT b FROM blocks WHERE id = $1`)
	if err != nil {
		return false, err
	}
	defer st.Close()
	rows, err := st.QueryContext(ctx, id) // want `^rows\.Err is never checked after rows\.Next at line 76: an error reads as no row; check rows\.Err\(\) when Next returns false$`
	if err != nil {
		return false, err
	}
	if rows.Next() {
		var b []byte
		if err := rows.Scan(&b); err != nil {
			return false, err
		}
		return true, nil
	}
	return false, nil
}

// blobRollbackAfter defers the Rollback only after the rows: the return
// before it leaves them open.
func blobRollbackAfter(ctx context.Context, db *sql.DB, id int) ([]byte, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	st, err := tx.PrepareContext(ctx, `SELECT b FROM blocks WHERE id = $1`)
	if err != nil {
		_ = tx.Rollback()
		return nil, err
	}
	rows, err := st.QueryContext(ctx, id) // want `^rows are not closed on the return at line 104, holding a pooled connection; defer rows\.Close\(\)$`
	if err != nil {
		_ = tx.Rollback()
		return nil, err
	}
	if id < 0 {
		return nil, errNegative
	}
	defer tx.Rollback()
	if rows.Next() {
		var b []byte
		if err := rows.Scan(&b); err != nil {
			return nil, err
		}
		return b, nil
	}
	return nil, rows.Err()
}

// blobOfPoolStmt prepares on the pool: a Rollback of an unrelated
// transaction does not close its rows.
func blobOfPoolStmt(ctx context.Context, db *sql.DB, id int) ([]byte, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	st, err := db.PrepareContext(ctx, `SELECT b FROM blocks WHERE id = $1`)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	rows, err := st.QueryContext(ctx, id) // want `^rows are not closed on the return at line 137, holding a pooled connection; defer rows\.Close\(\)$`
	if err != nil {
		return nil, err
	}
	if rows.Next() {
		var b []byte
		if err := rows.Scan(&b); err != nil {
			return nil, err
		}
		return b, nil
	}
	return nil, rows.Err()
}
