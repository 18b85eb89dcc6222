// Package payments is the fixture of the gopls end-to-end test
// (cmd/build-gopls): one finding of ctxquery (with its quick fix), one of
// rowsclose, two of maxopenzero (one only with its require-limit option,
// which the test bakes into gopls), and nothing else gopls would report.
package payments

import (
	"context"
	"database/sql"
)

// Open opens the pool with an unlimited size (maxopenzero).
func Open(dsn string) (*sql.DB, error) {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(0)
	return db, nil
}

// OpenDefault never limits its pool: maxopenzero reports it only with its
// require-limit option.
func OpenDefault(dsn string) (*sql.DB, error) {
	return sql.Open("postgres", dsn)
}

// Total runs its query without the context at hand (ctxquery).
func Total(ctx context.Context, db *sql.DB, user int64) (int64, error) {
	rows, err := db.Query("SELECT amount FROM payments WHERE user_id = $1", user)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	var total int64
	for rows.Next() {
		var n int64
		if err := rows.Scan(&n); err != nil {
			return 0, err
		}
		total += n
	}
	return total, rows.Err()
}

// Exists never closes its rows (rowsclose): when a row is found, the
// connection stays checked out.
func Exists(ctx context.Context, db *sql.DB, id int64) (bool, error) {
	rows, err := db.QueryContext(ctx, "SELECT 1 FROM payments WHERE id = $1", id)
	if err != nil {
		return false, err
	}
	return rows.Next(), rows.Err()
}
