// Package oneshotstrict is analyzed with -ctxquery.strict: one-shot code is
// reported as any other.
package oneshotstrict

import (
	"context"
	"database/sql"

	"github.com/lib/pq"
	"github.com/pressly/goose/v3"
	"github.com/spf13/cobra"
)

var db *sql.DB

func init() { goose.AddMigrationContext(up, nil) }

func up(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.Exec("CREATE TABLE users (id bigint)") // want `^tx\.Exec takes no context, so nothing cancels the query; use tx\.ExecContext\(ctx, \.\.\.\)$`
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(context.Background(), "CREATE INDEX i ON users (id)") // want `^tx\.ExecContext gets context\.Background\(\) though ctx is at hand: nothing cancels the query; pass ctx$`
	return err
}

var seedCmd = &cobra.Command{
	Use: "seed",
	RunE: func(cmd *cobra.Command, args []string) error {
		ctx := cmd.Context()
		_, err := db.Exec("INSERT INTO users VALUES (1)") // want `^db\.Exec takes no context, so nothing cancels the query; use db\.ExecContext\(ctx, \.\.\.\)$`
		_ = ctx
		return err
	},
}

func importIDs(ctx context.Context, tx *sql.Tx, ids []int64) error {
	stmt, err := tx.PrepareContext(ctx, pq.CopyIn("users", "id"))
	if err != nil {
		return err
	}
	for _, id := range ids {
		if _, err := stmt.Exec(id); err != nil { // want `^stmt\.Exec takes no context, so nothing cancels the query; use stmt\.ExecContext\(ctx, \.\.\.\)$`
			return err
		}
	}
	_, err = stmt.ExecContext(ctx)
	return err
}
