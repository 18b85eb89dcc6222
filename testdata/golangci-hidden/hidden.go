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
