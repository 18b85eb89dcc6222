// Package ledger is an old codebase adopting dbpoollint: findings of
// several analyzers, two of them alike in one function.
package ledger

import (
	"context"
	"database/sql"
)

func open(dsn string) (*sql.DB, error) {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(0)
	return db, nil
}

func openReplica(dsn string) (*sql.DB, error) {
	return sql.Open("postgres", dsn)
}

func settle(ctx context.Context, db *sql.DB, id int) error {
	if _, err := db.Exec("UPDATE payments SET state = 'settled' WHERE id = $1", id); err != nil {
		return err
	}
	_, err := db.Exec("UPDATE payments SET state = 'settled' WHERE id = $1", id)
	return err
}
