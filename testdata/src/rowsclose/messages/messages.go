// Package messages holds the findings of issue 20 whose message or place
// was wrong: each says where its own mistake is.
package messages

import (
	"context"
	"database/sql"
)

// A reused rows variable: the second rows' finding names its own loop.
func reused(ctx context.Context, db *sql.DB) (a, b int, err error) {
	rows, err := db.QueryContext(ctx, "SELECT a FROM t") // want `^rows close only when Next at line 16 returns false; an early return or panic leaks them: defer rows\.Close\(\)$`
	if err != nil {
		return 0, 0, err
	}
	for rows.Next() {
		a++
	}
	if err := rows.Err(); err != nil || a == 0 {
		return 0, 0, err // on a == 0, closed only because Next returned false
	}
	rows.Close()
	rows, err = db.QueryContext(ctx, "SELECT b FROM t") // want `^rows\.Err is never checked after the Next loop at line 28: an error reads as the end of the rows; check rows\.Err\(\) when Next returns false$`
	if err != nil {
		return 0, 0, err
	}
	defer rows.Close()
	for rows.Next() {
		b++
	}
	return a, b, nil
}

// A Scan error returns with the rows open; the full drain before the
// reassignment closed them.
func scanErrThenReuse(ctx context.Context, db *sql.DB) (ids []int, err error) {
	rows, err := db.QueryContext(ctx, "SELECT id FROM a") // want `^rows are not closed on the return at line 49, holding a pooled connection; close rows on every path$`
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int
		if err = rows.Scan(&id); err != nil {
			break
		}
		ids = append(ids, id)
	}
	if err != nil {
		return nil, err
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = db.QueryContext(ctx, "SELECT id FROM b")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// The same with the Scan error returned from inside the loop, and the
// rows of a wrapper whose Next delegates: the drain before the
// reassignment closed them, the return leaks them.
type wrapped struct{ *sql.Rows }

func (w wrapped) Next() bool { return w.Rows.Next() }

func query(ctx context.Context, db *sql.DB, q string) (wrapped, error) {
	rows, err := db.QueryContext(ctx, q)
	return wrapped{rows}, err
}

func scanErrReturnThenReuse(ctx context.Context, db *sql.DB) (ids []int, err error) {
	rows, err := query(ctx, db, "SELECT id FROM a") // want `^rows are not closed on the return at line 89, holding a pooled connection; close rows on every path$`
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = query(ctx, db, "SELECT id FROM b")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// Rows assigned in two cases of a switch, read by one loop: one finding.
func switched(ctx context.Context, db *sql.DB, kind int) (n int, err error) {
	var rows *sql.Rows
	switch kind {
	case 0:
		rows, err = db.QueryContext(ctx, "SELECT id FROM a") // want `^rows are not closed on the return at line 128, holding a pooled connection; close rows on every path$`
	case 1:
		rows, err = db.QueryContext(ctx, "SELECT id FROM b") // the same mistake: reported once, above
	default:
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return 0, err
		}
		n++
	}
	rows.Close()
	return n, rows.Err()
}

// A continue that leaves the rows open: the finding says so.
func perTable(ctx context.Context, db *sql.DB, tables []string) (n int, err error) {
	for _, t := range tables {
		var rows *sql.Rows
		rows, err = db.QueryContext(ctx, "SELECT id FROM "+t) // want `^rows are not closed at the continue at line 149, holding a pooled connection; close rows in each iteration$` `^rows\.Err is never checked after rows\.Next at line 144: an error reads as no row; check rows\.Err\(\) when Next returns false$`
		if err != nil {
			return 0, err
		}
		if !rows.Next() {
			continue
		}
		n++
		if t == "skip" {
			continue
		}
		rows.Close()
	}
	return n, nil
}
