// Package rowsrelease: rows left open by an early return (rowsclose adds
// defer rows.Close()).
package rowsrelease

import (
	"context"
	"database/sql"
	"fmt"
)

// Run returns the first two ids; the early return leaves the rows open.
func Run(ctx context.Context, db *sql.DB) (string, error) {
	rows, err := db.QueryContext(ctx, "SELECT id FROM t ORDER BY id")
	if err != nil {
		return "", err
	}
	var ids []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return "", err
		}
		ids = append(ids, id)
		if len(ids) == 2 {
			return fmt.Sprint(ids), nil
		}
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	return fmt.Sprint(ids), rows.Close()
}
