// Package mixed imports a SQLite driver and a network one: its pools may
// be PostgreSQL's, so a Prepare without a context is reported.
package mixed

import (
	"context"
	"database/sql"

	_ "github.com/lib/pq"
	_ "modernc.org/sqlite"
)

func prepare(ctx context.Context, db *sql.DB) (*sql.Stmt, error) {
	return db.Prepare("SELECT 1") // want `^db\.Prepare takes no context, so nothing cancels the prepare; use db\.PrepareContext\(ctx, \.\.\.\)$`
}
