// Package fix holds the cases whose suggested fixes are checked against
// fix.go.golden.
package fix

import (
	"context"
	"database/sql"
)

func discardedQuery(ctx context.Context, db *sql.DB, tx *sql.Tx) error {
	db.Query("DELETE FROM t")                       // want `^these rows are discarded and never closed, holding a pooled connection; use db\.ExecContext\(ctx, \.\.\.\)$`
	_, err := db.QueryContext(ctx, "DELETE FROM t") // want `^these rows are discarded and never closed, holding a pooled connection; use db\.ExecContext$`
	if err != nil {
		return err
	}
	tx.QueryRow("UPDATE t SET a = 1") // want `^this row is never scanned, holding a pooled connection; call Scan or use tx\.Exec$`
	return nil
}

func drained(db *sql.DB) ([]int, error) {
	rows, err := db.Query("SELECT id FROM t") // want `^rows close only when Next at line 26 returns false; an early return or panic leaks them: defer rows\.Close\(\)$`
	if err != nil {
		return nil, err
	}
	var ids []int
	for rows.Next() {
		var id int
		_ = rows.Scan(&id)
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

func leak(db *sql.DB, skip bool) (int, error) {
	rows, err := db.Query("SELECT id FROM t") // want `^rows are not closed on the return at line 40, holding a pooled connection; defer rows\.Close\(\)$`
	if err != nil {
		return 0, err
	}
	if skip {
		return 0, nil
	}
	var n int
	for rows.Next() {
		if err := rows.Scan(&n); err != nil {
			return 0, err
		}
	}
	return n, rows.Err()
}

// The rows are returned on one path: deferring Close would break the caller.
func returnedOnAPath(db *sql.DB, peek bool) (*sql.Rows, error) {
	rows, err := db.Query("SELECT id FROM t") // want `^rows are not closed on the return at line 60, holding a pooled connection; close rows on every path$`
	if err != nil {
		return nil, err
	}
	if peek {
		return rows, nil
	}
	return nil, nil
}

// On a transaction begun here with ctx the fix passes that same ctx; on the
// transaction parameter above it keeps the call's own (no) context.
func discardedOnOwnTx(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.QueryRow("UPDATE t SET a = 1") // want `^this row is never scanned, holding a pooled connection; call Scan or use tx\.ExecContext\(ctx, \.\.\.\)$`
	return tx.Commit()
}

// A project's own error interface: the deferred Close goes after its check,
// where the rows are not nil.
type dalError interface {
	error
	Kind() string
}

type dal interface {
	RawCursor(q string) (*sql.Rows, dalError)
}

func ownErrorLeak(d dal, only bool) (int, error) {
	rows, err := d.RawCursor("SELECT id FROM t") // want `^rows are not closed on the return at line 92, holding a pooled connection; defer rows\.Close\(\)$`
	if err != nil {
		return 0, err
	}
	if only {
		return 1, nil
	}
	rows.Close()
	return 0, nil
}

// A helper that signals failure with nil rows and no error: a Close
// deferred right after the call would run on nil rows and panic, so the
// finding has no fix.
func cursorOrNil(db *sql.DB) *sql.Rows {
	rows, err := db.Query("SELECT id FROM t")
	if err != nil {
		return nil
	}
	return rows
}

func nilGuarded(db *sql.DB, only bool) int {
	rows := cursorOrNil(db) // want `^rows are not closed on the return at line 115, holding a pooled connection; close rows on every path$`
	if rows == nil {
		return 0
	}
	if only {
		return 1
	}
	rows.Close()
	return 0
}
