// Package resumepq: on lib/pq an error before the first row reaches Next,
// and an empty page then ends the load with the error lost: the same
// keyset loop is reported.
package resumepq

import (
	"context"
	"database/sql"

	_ "github.com/lib/pq"
)

func load(ctx context.Context, db *sql.DB, index func(string)) error {
	var lastKey string
	for {
		rows, err := db.QueryContext(ctx, `SELECT key FROM storage WHERE key > $1 ORDER BY key LIMIT 1000`, lastKey) // want `^sql\.Rows "rows" is used in Next loop at line 21 without final check of rows\.Err\(\)$`
		if err != nil {
			return err
		}
		var read bool
		for rows.Next() {
			read = true
			if err := rows.Scan(&lastKey); err != nil {
				rows.Close()
				return err
			}
			index(lastKey)
		}
		rows.Close()
		if !read {
			break
		}
	}
	return nil
}
