// Package resume: on pgx's stdlib driver, which reads the first row in
// Query, the bundled sqlrowserr is silent on keyset pages that resume after
// the last row scanned and end only on an empty page or an error return;
// a load that ends on a short page is reported.
package resume

import (
	"context"
	"database/sql"

	_ "github.com/jackc/pgx/v5/stdlib"
)

func load(ctx context.Context, db *sql.DB, index func(string)) error {
	var lastKey string
	for {
		rows, err := db.QueryContext(ctx,
			`SELECT key FROM storage WHERE key > $1 ORDER BY key LIMIT 1000`, lastKey)
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

func loadShortPage(ctx context.Context, db *sql.DB, index func(string)) error {
	var lastKey string
	for {
		rows, err := db.QueryContext(ctx, `SELECT key FROM storage WHERE key > $1 ORDER BY key LIMIT 1000`, lastKey) // want `^sql\.Rows "rows" is used in Next loop at line 47 without final check of rows\.Err\(\)$`
		if err != nil {
			return err
		}
		n := 0
		for rows.Next() {
			if err := rows.Scan(&lastKey); err != nil {
				rows.Close()
				return err
			}
			index(lastKey)
			n++
		}
		rows.Close()
		if n < 1000 {
			break
		}
	}
	return nil
}
