// Package clean uses database/sql idiomatically: the suite reports nothing.
package clean

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
	db.SetMaxIdleConns(20)
	return db, nil
}

func count(ctx context.Context, db *sql.DB) (n int, err error) {
	err = db.QueryRowContext(ctx, "SELECT count(*) FROM payments").Scan(&n)
	return n, err
}
