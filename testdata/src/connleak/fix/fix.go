// Package fix holds the cases whose suggested fixes are checked against
// fix.go.golden.
package fix

import (
	"context"
	"database/sql"
)

func transfer(ctx context.Context, db *sql.DB, amount int) error {
	tx, err := db.BeginTx(ctx, nil) // want `^tx is left open on the return at line 16 until ctx ends, holding its connection and locks; defer tx\.Rollback\(\)$`
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = balance - $1", amount); err != nil {
		return err
	}
	if amount < 0 {
		return nil
	}
	return tx.Commit()
}

func pinned(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx) // want `^conn is not closed on the return at line 29, so it never returns to the pool; defer conn\.Close\(\)$`
	if err != nil {
		return err
	}
	return conn.PingContext(ctx)
}

func prepared(db *sql.DB) error {
	stmt, err := db.Prepare("DELETE FROM t WHERE id = $1") // want `^stmt is not closed on the return at line 38, leaving it prepared on the server; defer stmt\.Close\(\)$`
	if err != nil {
		return err
	}
	_, err = stmt.Exec(1)
	return err
}

// Handed over on one path: deferring a rollback would break the caller.
func beginOrNot(ctx context.Context, db *sql.DB, keep bool) (*sql.Tx, error) {
	tx, err := db.BeginTx(ctx, nil) // want `^tx is left open on the return at line 50 until ctx ends, holding its connection and locks; commit or roll back tx on every path$`
	if err != nil {
		return nil, err
	}
	if keep {
		return tx, nil
	}
	return nil, nil
}
