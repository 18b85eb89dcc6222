// Package migrations is there for its migrations: some registered here,
// some with goose's signature registered by another package, and their
// helpers. All run once, at deploy.
package migrations

import (
	"context"
	"database/sql"

	"github.com/pressly/goose/v3"
)

func init() {
	goose.AddMigrationContext(upAccounts, downAccounts)
}

func upAccounts(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.Exec("CREATE TABLE accounts (id bigint)")
	return err
}

func downAccounts(ctx context.Context, tx *sql.Tx) error {
	return exec(ctx, tx, "DROP TABLE accounts")
}

func exec(ctx context.Context, tx *sql.Tx, q string) error {
	_, err := tx.Exec(q)
	return err
}

// Registered by the command that runs the migrations.
func UpPayments(ctx context.Context, tx *sql.Tx) error {
	return exec(ctx, tx, "CREATE TABLE payments (id bigint)")
}

func UpPaymentsNoTx(ctx context.Context, db *sql.DB) error {
	_, err := db.Exec("CREATE INDEX CONCURRENTLY payments_id ON payments (id)")
	return err
}
