package generated

import (
	"context"
	"database/sql"
)

// Handwritten code beside the generated file is reported as usual.
func count(ctx context.Context, db *sql.DB) (int, error) {
	rows, err := db.QueryContext(ctx, "SELECT id FROM t") // want `^rows are not closed on the return at line 17, holding a pooled connection; defer rows\.Close\(\)$`
	if err != nil {
		return 0, err
	}
	n := 0
	for rows.Next() {
		if n > 10 {
			return n, nil
		}
		n++
	}
	return n, rows.Err()
}
