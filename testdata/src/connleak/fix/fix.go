// Package fix holds the cases whose suggested fixes are checked against
// fix.go.golden.
package fix

import (
	"context"
	"database/sql"
)

func transfer(ctx context.Context, db *sql.DB, amount int) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = balance - $1", amount); err != nil {
		return err // want `tx \(from db.BeginTx at line 11\) is neither committed nor rolled back when returning at line 16`
	}
	if amount < 0 {
		return nil // want `tx \(from db.BeginTx at line 11\) is neither committed nor rolled back when returning at line 19`
	}
	return tx.Commit()
}

func pinned(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	return conn.PingContext(ctx) // want `conn \(from db.Conn at line 25\) is not closed when returning at line 29`
}

func prepared(db *sql.DB) error {
	stmt, err := db.Prepare("DELETE FROM t WHERE id = $1")
	if err != nil {
		return err
	}
	_, err = stmt.Exec(1)
	return err // want `stmt \(from db.Prepare at line 33\) is not closed when returning at line 38`
}

// Handed over on one path: deferring a rollback would break the caller.
func beginOrNot(ctx context.Context, db *sql.DB, keep bool) (*sql.Tx, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	if keep {
		return tx, nil
	}
	return nil, nil // want `tx \(from db.BeginTx at line 43\) is neither committed nor rolled back when returning at line 50`
}
