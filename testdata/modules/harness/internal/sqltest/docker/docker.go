// Package docker starts a database for the module's tests: only tests
// import it (directly, or through sqltest/local, which only tests import),
// so its code is test code although it imports no testing package.
package docker

import (
	"context"
	"database/sql"
)

func Ready(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "CREATE TABLE probe (x int)"); err != nil {
		return err // test code: the test fails and its database goes
	}
	return tx.Commit()
}
