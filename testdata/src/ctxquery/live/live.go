// Package live holds calls where the context at hand is not live for the
// whole call (an errgroup's after Wait, one whose cancel has run or is
// deferred in an inner function): the fix passes another context that is,
// or there is none; checked against live.go.golden.
package live

import (
	"context"
	"database/sql"
	"time"

	"golang.org/x/sync/errgroup"
)

// The group's context is cancelled once Wait returns: ctx is passed.
func afterWait(ctx context.Context, db *sql.DB) error {
	g, errCtx := errgroup.WithContext(ctx)
	g.Go(func() error {
		_, err := db.Exec("UPDATE a SET n = n + 1") // want `^db\.Exec takes no context, so nothing cancels the query; use db\.ExecContext\(errCtx, \.\.\.\)$`
		return err
	})
	if err := g.Wait(); err != nil {
		return err
	}
	_ = errCtx
	_, err := db.Exec("UPDATE b SET n = n + 1") // want `^db\.Exec takes no context, so nothing cancels the query; use db\.ExecContext\(ctx, \.\.\.\)$`
	return err
}

// ctx itself is the group's: no context at hand is live after Wait.
func shadowed(ctx context.Context, db *sql.DB) error {
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		_, err := db.ExecContext(ctx, "UPDATE a SET n = n + 1")
		return err
	})
	if err := g.Wait(); err != nil {
		return err
	}
	if _, err := db.ExecContext(context.Background(), "UPDATE c SET n = n + 1"); err != nil {
		return err
	}
	_, err := db.Exec("UPDATE b SET n = n + 1") // want `^db\.Exec takes no context, so nothing cancels the query; use db\.ExecContext\(ctx, \.\.\.\) with a context that outlives it$`
	return err
}

// A timeout made for another query, cancelled before this call.
func cancelledBefore(ctx context.Context, db *sql.DB) error {
	qctx, cancel := context.WithTimeout(ctx, time.Second)
	_, err := db.ExecContext(qctx, "UPDATE a SET n = n + 1")
	cancel()
	if err != nil {
		return err
	}
	_, err = db.Exec("UPDATE b SET n = n + 1") // want `^db\.Exec takes no context, so nothing cancels the query; use db\.ExecContext\(ctx, \.\.\.\)$`
	return err
}

// Cancelled by a deferred call in an inner function.
func innerDefer(ctx context.Context, db *sql.DB) error {
	qctx, cancel := context.WithTimeout(ctx, time.Second)
	if err := func() error {
		defer cancel()
		_, err := db.ExecContext(qctx, "UPDATE a SET n = n + 1")
		return err
	}(); err != nil {
		return err
	}
	_, err := db.Exec("UPDATE b SET n = n + 1") // want `^db\.Exec takes no context, so nothing cancels the query; use db\.ExecContext\(ctx, \.\.\.\)$`
	return err
}

// The only context is cancelled on every path before the call.
func onlyCancelled(db *sql.DB) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	_, err := db.ExecContext(ctx, "UPDATE a SET n = n + 1")
	cancel()
	if err != nil {
		return err
	}
	_, err = db.Exec("UPDATE b SET n = n + 1") // want `^db\.Exec takes no context, so nothing cancels the query; use db\.ExecContext\(ctx, \.\.\.\) with a context that outlives it$`
	return err
}

// --- Live: the fix passes them ---------------------------------------------

// A timeout whose cancel is deferred in the function itself.
func deferred(ctx context.Context, db *sql.DB) error {
	qctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	_, err := db.Exec("UPDATE b SET n = n + 1") // want `^db\.Exec takes no context, so nothing cancels the query; use db\.ExecContext\(qctx, \.\.\.\)$`
	_ = qctx
	return err
}

// Cancelled after the call, and re-made on each iteration.
func perIteration(ctx context.Context, db *sql.DB, ids []int) error {
	for _, id := range ids {
		qctx, cancel := context.WithTimeout(ctx, time.Second)
		_, err := db.Exec("DELETE FROM t WHERE id = $1", id) // want `^db\.Exec takes no context, so nothing cancels the query; use db\.ExecContext\(qctx, \.\.\.\)$`
		cancel()
		if err != nil {
			return err
		}
		_ = qctx
	}
	return nil
}

// Inside the group's goroutines, its context is the one to pass.
func inGroup(ctx context.Context, db *sql.DB) error {
	g, errCtx := errgroup.WithContext(ctx)
	g.Go(func() error {
		_, err := db.Exec("UPDATE a SET n = n + 1") // want `^db\.Exec takes no context, so nothing cancels the query; use db\.ExecContext\(errCtx, \.\.\.\)$`
		return err
	})
	_ = errCtx
	return g.Wait()
}

// --- Rows and transactions use their context as long as they live --------

// The transaction goes to the caller: the deferred cancel rolls it back
// as this function returns.
func beginScoped(ctx context.Context, db *sql.DB) (*sql.Tx, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	return db.Begin() // want `^db\.Begin takes no context, so cancelling never rolls it back; use db\.BeginTx\(ctx, nil\) with a context that outlives it$`
}

// The caller's own context is live while it reads the rows.
func rowsToCaller(ctx context.Context, db *sql.DB) (*sql.Rows, error) {
	return db.Query("SELECT id FROM t") // want `^db\.Query takes no context, so nothing cancels the query; use db\.QueryContext\(ctx, \.\.\.\)$`
}

type cursor struct{ rows *sql.Rows }

// Kept beyond the function: no context is certainly live.
func (c *cursor) open(ctx context.Context, db *sql.DB) error {
	var err error
	c.rows, err = db.Query("SELECT id FROM t") // want `^db\.Query takes no context, so nothing cancels the query; use db\.QueryContext\(ctx, \.\.\.\) with a context that outlives it$`
	return err
}

// qctx is cancelled while the rows are still read: ctx is passed.
func readWhileCancelled(ctx context.Context, db *sql.DB) (int, error) {
	qctx, cancel := context.WithTimeout(ctx, time.Second)
	if err := db.PingContext(qctx); err != nil {
		cancel()
		return 0, err
	}
	rows, err := db.Query("SELECT id FROM t") // want `^db\.Query takes no context, so nothing cancels the query; use db\.QueryContext\(ctx, \.\.\.\)$`
	cancel()
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
	}
	return n, rows.Err()
}
