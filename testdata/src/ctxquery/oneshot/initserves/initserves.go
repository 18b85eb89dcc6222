// Package initserves registers a migration in its init, with a handler next
// to it (http.HandleFunc in init): code of the package serves requests, so
// nothing of it is taken for code that runs once, and both are reported.
package initserves

import (
	"context"
	"database/sql"
	"net/http"

	"example.com/migreg"
	"github.com/jmoiron/sqlx"
)

var db *sql.DB

func post7(ctx context.Context, db *sqlx.DB) error {
	_, err := db.Exec("ALTER TABLE orders ADD COLUMN seen boolean") // want `^db\.Exec takes no context, so nothing cancels the query; use db\.ExecContext\(ctx, \.\.\.\)$`
	return err
}

func orders(w http.ResponseWriter, r *http.Request) {
	if _, err := db.Exec("UPDATE orders SET seen = true"); err != nil { // want `^db\.Exec takes no context, so nothing cancels the query; use db\.ExecContext\(r\.Context\(\), \.\.\.\)$`
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

func init() {
	migreg.RegisterPostMigration(7, post7)
	http.HandleFunc("/orders", orders)
}
