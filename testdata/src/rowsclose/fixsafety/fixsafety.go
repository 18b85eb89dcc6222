// Package fixsafety holds rows a closure reads after the function returns
// (the finding stands, without a fix), next to rows that keep their fix;
// checked against fixsafety.go.golden.
package fixsafety

import (
	"context"
	"database/sql"

	"golang.org/x/sync/errgroup"
)

// Iter reads the rows in the closure it returns: a deferred Close would
// close them before the first call.
func Iter(ctx context.Context, db *sql.DB) (func() (int, bool), error) {
	rows, err := db.QueryContext(ctx, "SELECT id FROM t") // want `^rows are not closed on the return at line 20, holding a pooled connection; close rows once the code reading them later is done$` `^rows\.Err is never checked after rows\.Next at line 22: an error reads as no row; check rows\.Err\(\) when Next returns false$`
	if err != nil {
		return nil, err
	}
	return func() (int, bool) {
		var id int
		if !rows.Next() {
			return 0, false
		}
		_ = rows.Scan(&id)
		return id, true
	}, nil
}

func Stream(ctx context.Context, db *sql.DB, out chan<- int) error {
	rows, err := db.QueryContext(ctx, "SELECT id FROM t")
	if err != nil {
		return err
	}
	go func() {
		for rows.Next() {
			var id int
			_ = rows.Scan(&id)
			out <- id
		}
	}()
	return nil
}

// Read as a whole by a closure called at once: the fix stays.
func First(ctx context.Context, db *sql.DB) (int, error) {
	rows, err := db.QueryContext(ctx, "SELECT id FROM t") // want `^rows are not closed on the return at line 58, holding a pooled connection; defer rows\.Close\(\)$`
	if err != nil {
		return 0, err
	}
	var id int
	err = func() error {
		if rows.Next() {
			return rows.Scan(&id)
		}
		return rows.Err()
	}()
	return id, err
}

// The group's context is cancelled once Wait returns: Exec gets ctx.
func AfterWait(ctx context.Context, db *sql.DB) error {
	g, errCtx := errgroup.WithContext(ctx)
	g.Go(func() error {
		return db.PingContext(errCtx)
	})
	if err := g.Wait(); err != nil {
		return err
	}
	db.Query("UPDATE t SET n = n + 1") // want `^these rows are discarded and never closed, holding a pooled connection; use db\.ExecContext\(ctx, \.\.\.\)$`
	return nil
}
