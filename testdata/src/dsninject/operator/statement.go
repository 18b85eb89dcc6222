package operator

import (
	"context"
	"database/sql"
	"fmt"
)

// SQL text with password=%s in it is a statement, not a key=value DSN.
func updatePassword(ctx context.Context, db *sql.DB, table, ph0, ph1, ph2 string, hash []byte, user string) error {
	q := fmt.Sprintf("UPDATE %s SET password=%s,updated_at=%s WHERE username = %s", table, ph0, ph1, ph2)
	_, err := db.ExecContext(ctx, q, hash, user)
	return err
}
