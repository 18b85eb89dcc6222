package main

import (
	"context"
	"database/sql"
	"log"
	"net/http"
	"time"
)

func init() {
	// Settlement runs in the background on a context that outlives the
	// request. database/sql rolls a transaction back when its context ends;
	// this one never does.
	routes["POST /admin/settle"] = func(s *Server) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			ctx := context.WithoutCancel(r.Context())
			ids := r.URL.Query()["id"]
			go func() {
				for _, run := range []func(context.Context, *sql.DB, []string) error{
					capture, captureRolledBack, settleLocked, settleLockedClosed, voidAll, voidAllClosed,
				} {
					if err := run(ctx, s.db, ids); err != nil {
						log.Print(err)
					}
				}
			}()
			w.WriteHeader(http.StatusAccepted)
		}
	}
}

// capture moves payments to captured and writes the ledger.
func capture(ctx context.Context, db *sql.DB, ids []string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, "UPDATE payments SET state = 'captured' WHERE id = $1", id); err != nil {
			// BUG(connleak): this return neither commits nor rolls back: the
			// transaction keeps its connection and its row locks for good, and
			// every later capture of the same payments waits on those locks.
			return err
		}
	}
	return tx.Commit()
}

// captureRolledBack is the idiomatic twin: defer tx.Rollback(), a no-op
// after Commit.
func captureRolledBack(ctx context.Context, db *sql.DB, ids []string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, "UPDATE payments SET state = 'captured' WHERE id = $1", id); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// settleLocked settles under a session-level advisory lock, which needs one
// dedicated connection.
func settleLocked(ctx context.Context, db *sql.DB, _ []string) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock(42)"); err != nil {
		// BUG(connleak): the connection never returns to the pool when taking
		// the lock fails: a *sql.Conn is not closed by its context.
		return err
	}
	defer conn.Close()
	_, err = conn.ExecContext(ctx, "SELECT settle_payments(); SELECT pg_advisory_unlock(42)")
	return err
}

// settleLockedClosed is the idiomatic twin: closed on every path.
func settleLockedClosed(ctx context.Context, db *sql.DB, _ []string) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock(42)"); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, "SELECT settle_payments(); SELECT pg_advisory_unlock(42)")
	return err
}

// voidAll voids expired payments with one prepared statement.
func voidAll(ctx context.Context, db *sql.DB, ids []string) error {
	stmt, err := db.PrepareContext(ctx, "UPDATE payments SET state = 'void' WHERE id = $1 AND created_at < $2")
	if err != nil {
		return err
	}
	cutoff := time.Now().Add(-24 * time.Hour)
	for _, id := range ids {
		if _, err := stmt.ExecContext(ctx, id, cutoff); err != nil {
			// BUG(connleak): the statement is not closed on this path: it
			// stays prepared on the server (MySQL refuses new ones past
			// max_prepared_stmt_count).
			return err
		}
	}
	return stmt.Close()
}

// voidAllClosed is the idiomatic twin: defer stmt.Close().
func voidAllClosed(ctx context.Context, db *sql.DB, ids []string) error {
	stmt, err := db.PrepareContext(ctx, "UPDATE payments SET state = 'void' WHERE id = $1 AND created_at < $2")
	if err != nil {
		return err
	}
	defer stmt.Close()
	cutoff := time.Now().Add(-24 * time.Hour)
	for _, id := range ids {
		if _, err := stmt.ExecContext(ctx, id, cutoff); err != nil {
			return err
		}
	}
	return nil
}
