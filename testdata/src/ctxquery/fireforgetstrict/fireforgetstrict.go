// Package fireforgetstrict: with -ctxquery.strict, work no caller waits for
// is reported too.
package fireforgetstrict

import (
	"context"
	"database/sql"
	"log"
)

func Touch(ctx context.Context, db *sql.DB, id int64) {
	if _, err := db.Exec("UPDATE t SET seen = now() WHERE id = $1", id); err != nil { // want `^db\.Exec takes no context, so nothing cancels the query; use db\.ExecContext\(ctx, \.\.\.\)$`
		log.Print(err)
	}
}
