// Package sqliteprepstrict is analyzed with -ctxquery.strict: a Prepare
// without a context on SQLite is reported, and fixed where a context is at
// hand.
package sqliteprepstrict

import (
	"context"
	"database/sql"

	_ "github.com/mattn/go-sqlite3"
)

func selectMany(ctx context.Context, db *sql.DB, ids []any) (*sql.Rows, error) {
	stmt, err := db.Prepare("SELECT nid FROM e WHERE id IN (?,?)") // want `^db\.Prepare takes no context, so nothing cancels the prepare; use db\.PrepareContext\(ctx, \.\.\.\)$`
	if err != nil {
		return nil, err
	}
	defer stmt.Close()
	return stmt.QueryContext(ctx, ids...)
}
