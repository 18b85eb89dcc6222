package oneshot

import (
	"context"
	"database/sql"
	"net/http"

	"github.com/spf13/cobra"
	"github.com/urfave/cli/v2"
)

var db *sql.DB

// A cobra command runs once per invocation.
var seedCmd = &cobra.Command{
	Use: "seed",
	RunE: func(cmd *cobra.Command, args []string) error {
		ctx := cmd.Context()
		return seed(ctx)
	},
}

// Seeding, reached only from the command.
func seed(ctx context.Context) error {
	for _, name := range []string{"a", "b"} {
		if _, err := db.Exec("INSERT INTO users (email) VALUES ($1)", name); err != nil {
			return err
		}
	}
	return nil
}

var purgeCmd = &cobra.Command{Use: "purge", RunE: runPurge}

func runPurge(cmd *cobra.Command, args []string) error {
	ctx := cmd.Context()
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "DELETE FROM sessions"); err != nil {
		return err
	}
	return tx.Commit()
}

// A urfave/cli action: *cli.Context is a context.
var app = &cli.App{
	Commands: []*cli.Command{{
		Name: "report",
		Action: func(c *cli.Context) error {
			_, err := db.Exec("REFRESH MATERIALIZED VIEW report")
			return err
		},
	}},
}

// A handler registered in a command: it serves requests.
func serve(ctx context.Context) {
	http.HandleFunc("/users", func(w http.ResponseWriter, r *http.Request) {
		db.Exec("UPDATE users SET seen = now()") // want `^db\.Exec takes no context, so nothing cancels the query; use db\.ExecContext\(r\.Context\(\), \.\.\.\)$`
	})
	_ = http.ListenAndServe(":8080", nil)
}

var serveCmd = &cobra.Command{
	Use: "serve",
	Run: func(cmd *cobra.Command, args []string) { serve(cmd.Context()) },
}
