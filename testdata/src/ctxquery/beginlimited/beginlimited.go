// Package beginlimited limits its pool: a Begin without a context may wait
// for a connection with no deadline, so it is reported even where every
// statement of its transaction takes the context.
package beginlimited

import (
	"context"
	"database/sql"
)

func open(dsn string) (*sql.DB, error) {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(20)
	return db, nil
}

func deleteFailed(ctx context.Context, db *sql.DB, id int64) error {
	tx, err := db.Begin() // want `^db\.Begin takes no context, so cancelling never rolls it back; use db\.BeginTx\(ctx, nil\)$`
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM failed_keys WHERE run = $1", id); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}
