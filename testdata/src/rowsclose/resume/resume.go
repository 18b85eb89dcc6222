// Package resume: keyset pagination on pgx's stdlib driver, which reads the
// first row in Query. A page that an error ends early loses nothing when
// the next query resumes after the last row scanned and the load ends only
// on an empty page, a cap or an error return; a load that ends on a short
// page, or pages by offset, or resumes from a value the rows do not give,
// still loses the error.
package resume

import (
	"context"

	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/jmoiron/sqlx"
)

const maxEntries = 100000

func load(ctx context.Context, db *sqlx.DB, index func(string)) error {
	var lastKey string
	count := 0
	for {
		rows, err := db.QueryxContext(ctx,
			`SELECT key FROM storage WHERE key > $1 ORDER BY key LIMIT 1000`, lastKey)
		if err != nil {
			return err
		}
		var read bool
		for rows.Next() {
			read = true
			var key string
			if err := rows.Scan(&key); err != nil {
				rows.Close()
				return err
			}
			lastKey = key
			index(key)
			count++
		}
		rows.Close()
		if !read { // only an empty page ends the load; a short page re-queries
			break
		}
		if count >= maxEntries {
			break
		}
	}
	return nil
}

// loadShortPage ends on a short page: an error in the middle of a page
// reads as the end of the data.
func loadShortPage(ctx context.Context, db *sqlx.DB, index func(string)) error {
	var lastKey string
	for {
		rows, err := db.QueryxContext(ctx, // want `^rows\.Err is never checked after the Next loop at line 61: an error reads as the end of the rows; check rows\.Err\(\) when Next returns false$`
			`SELECT key FROM storage WHERE key > $1 ORDER BY key LIMIT 1000`, lastKey)
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

// loadByPage resumes from a page number, not from the rows: an error in
// the middle of a page skips the rest of it.
func loadByPage(ctx context.Context, db *sqlx.DB, index func(string)) error {
	page := 0
	for {
		rows, err := db.QueryxContext(ctx, // want `^rows\.Err is never checked after the Next loop at line 88: an error reads as the end of the rows; check rows\.Err\(\) when Next returns false$`
			`SELECT key FROM storage ORDER BY key LIMIT 1000 OFFSET $1`, page*1000)
		if err != nil {
			return err
		}
		read := false
		for rows.Next() {
			read = true
			var key string
			if err := rows.Scan(&key); err != nil {
				rows.Close()
				return err
			}
			index(key)
		}
		rows.Close()
		if !read {
			break
		}
		page++
	}
	return nil
}
