// Package hidden has findings that golangci-lint's defaults hide: five with
// the same text (max-same-issues: 3 keeps three) and two on one line
// (uniq-by-line keeps one).
package hidden

import (
	"context"
	"database/sql"
)

func purgeSessions(ctx context.Context, db *sql.DB) { db.Exec("DELETE FROM sessions") }

func purgeTokens(ctx context.Context, db *sql.DB) { db.Exec("DELETE FROM sessions") }

func purgeCarts(ctx context.Context, db *sql.DB) { db.Exec("DELETE FROM sessions") }

func purgeLocks(ctx context.Context, db *sql.DB) { db.Exec("DELETE FROM sessions") }

func limit(ctx context.Context, db *sql.DB) { db.SetMaxOpenConns(0); db.Exec("DELETE FROM sessions") }

// A directive that suppresses nothing: the directive analyzer reports it
// under golangci-lint too.
func count(ctx context.Context, db *sql.DB) (n int, err error) {
	//dbpoollint:ignore rowsclose the row is scanned, so this suppresses nothing
	err = db.QueryRowContext(ctx, "SELECT count(*) FROM sessions").Scan(&n)
	return n, err
}
