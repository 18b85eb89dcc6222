// Package live holds the cases of the engine's live regions: the lines
// where a handle holds its connection, as "live:" ranges of lines.
package live

import (
	"context"
	"database/sql"
)

// A deferred Rollback holds the transaction to the function's end (the
// Commit releases it); the error branch of its producer holds nothing.
func Deferred(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil) // want `^Tx live:14-14,17-20$`
	if err != nil {
		return err
	}
	defer tx.Rollback()
	_, err = tx.ExecContext(ctx, "SELECT 1")
	if err != nil {
		return err
	}
	return tx.Commit()
}

// A release that is not deferred ends the region.
func Explicit(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx) // want `^Conn live:28-28,31-31$`
	if err != nil {
		return err
	}
	_ = conn.PingContext(ctx)
	conn.Close()
	return db.PingContext(ctx)
}

// Rows are held until they are read to the end: the loop's exit.
func Drained(ctx context.Context, db *sql.DB) (int, error) {
	rows, err := db.QueryContext(ctx, "SELECT 1") // want `^Rows live:39-39,42-45$`
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
	}
	return n, db.PingContext(ctx)
}

// A transaction handed to the caller: the return hands it over.
func HandedOver(ctx context.Context, db *sql.DB) (*sql.Tx, error) {
	tx, err := db.BeginTx(ctx, nil) // want `^Tx live:53-53$`
	if err != nil {
		return nil, err
	}
	return tx, nil
}
