// Package serves exports only a function with a migration's signature, but
// other code of it serves requests: the function is no migration.
package serves

import (
	"context"
	"database/sql"
	"net/http"
)

var db *sql.DB

func init() { // want `^runs once$`
	http.HandleFunc("/orders", handleOrder)
}

func CreateOrder(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, "INSERT INTO orders DEFAULT VALUES")
	return err
}

func handleOrder(w http.ResponseWriter, r *http.Request) {
	tx, err := db.BeginTx(r.Context(), nil)
	if err != nil {
		return
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(r.Context(), "UPDATE orders SET seen = true"); err == nil {
		tx.Commit()
	}
}
