// Package usetx: an audit row written on the pool while a transaction is
// held (pooldeadlock). Running it on the transaction instead would roll it
// back with the refund it records: no fix.
package usetx

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

var errRejected = errors.New("refund rejected")

// refund records the attempt, then rejects the refund: the transaction
// rolls back, the audit row stays.
func refund(ctx context.Context, db *sql.DB, id int) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := db.ExecContext(ctx, "INSERT INTO audit (payment) VALUES (?)", id); err != nil {
		return err
	}
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT n FROM t WHERE id = ?", id).Scan(&n); err != nil {
		return err
	}
	if n < 10 {
		return errRejected
	}
	return tx.Commit()
}

// Run refunds payment 1 and counts the audit rows.
func Run(ctx context.Context, db *sql.DB) (string, error) {
	err := refund(ctx, db, 1)
	var audits int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM audit").Scan(&audits); err != nil {
		return "", err
	}
	return fmt.Sprintf("refund: %v; audit rows: %d", err, audits), nil
}
