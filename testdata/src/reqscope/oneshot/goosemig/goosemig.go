// Package goosemig registers migrations with goose and holds nothing else;
// its test file's functions do not make it more than that.
package goosemig

import (
	"context"
	"database/sql"

	"github.com/pressly/goose/v3"
)

func init() { // want `^runs once$`
	goose.AddMigrationContext(upUsers, downUsers)
}

func upUsers(ctx context.Context, tx *sql.Tx) error { // want `^runs once$`
	return exec(ctx, tx, "CREATE TABLE users (id bigint)")
}

func downUsers(ctx context.Context, tx *sql.Tx) error { // want `^runs once$`
	return exec(ctx, tx, "DROP TABLE users")
}

func UpOrders(ctx context.Context, tx *sql.Tx) error { // want `^runs once$`
	return exec(ctx, tx, "CREATE TABLE orders (id bigint)")
}

func exec(ctx context.Context, tx *sql.Tx, q string) error { // want `^runs once$`
	_, err := tx.ExecContext(ctx, q)
	return err
}
