// Package closurestmt: a statement the returned closure still uses. A
// release added at the producer would close it before the first call
// ("sql: statement is closed"): no fix.
package closurestmt

import (
	"context"
	"database/sql"
	"fmt"
)

func finder(db *sql.DB) (func(id int) (int, error), error) {
	stmt, err := db.Prepare("SELECT n FROM t WHERE id = ?")
	if err != nil {
		return nil, err
	}
	return func(id int) (int, error) {
		var n int
		err := stmt.QueryRow(id).Scan(&n)
		return n, err
	}, nil
}

// Run reads two rows through the closure.
func Run(ctx context.Context, db *sql.DB) (string, error) {
	find, err := finder(db)
	if err != nil {
		return "", err
	}
	a, err := find(1)
	if err != nil {
		return "", err
	}
	b, err := find(3)
	if err != nil {
		return "", err
	}
	return fmt.Sprint(a, b), nil
}
