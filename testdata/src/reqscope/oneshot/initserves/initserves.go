// Package initserves registers a migration in its init, and a handler next
// to it: code of the package serves requests, so the migration-shaped
// function is not taken for a migration, and the handler never runs once.
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
	_, err := db.Exec("ALTER TABLE orders ADD COLUMN seen boolean")
	return err
}

func orders(w http.ResponseWriter, r *http.Request) {
	if _, err := db.Exec("UPDATE orders SET seen = true"); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

func init() { // want `^runs once$`
	migreg.RegisterPostMigration(7, post7)
	http.HandleFunc("/orders", orders)
}
