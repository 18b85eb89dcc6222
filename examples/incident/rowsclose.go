package main

import (
	"context"
	"database/sql"
	"log"
	"net/http"
)

type paymentLine struct {
	ID     string
	Amount int64
}

func init() {
	// Exports run in the background, detached from the request: a context
	// that is never cancelled. database/sql closes rows when their context
	// ends; with this one, nothing ever closes what the code forgets.
	routes["POST /exports/history"] = func(s *Server) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			ctx := context.WithoutCancel(r.Context())
			customer := r.URL.Query().Get("customer")
			go func() {
				if err := exportHistory(ctx, s.reports, customer); err != nil {
					log.Print(err)
				}
				if err := exportHistoryClosed(ctx, s.reports, customer); err != nil {
					log.Print(err)
				}
				if err := markExported(ctx, s.db, customer); err != nil {
					log.Print(err)
				}
				if err := markExportedExec(ctx, s.db, customer); err != nil {
					log.Print(err)
				}
				log.Print(hasPending(ctx, s.db, customer), hasPendingScanned(ctx, s.db, customer))
			}()
			w.WriteHeader(http.StatusAccepted)
		}
	}
}

// exportHistory reads a customer's payments.
func exportHistory(ctx context.Context, db *sql.DB, customer string) error {
	rows, err := db.QueryContext(ctx, "SELECT id, amount FROM payments WHERE customer = $1", customer)
	if err != nil {
		return err
	}
	for rows.Next() {
		var l paymentLine
		if err := rows.Scan(&l.ID, &l.Amount); err != nil {
			// BUG(rowsclose): this return leaves the rows open: every
			// malformed row pins a pooled connection for good, and a batch of
			// them empties the pool.
			return err
		}
		log.Print(l)
	}
	return rows.Err()
}

// exportHistoryClosed is the idiomatic twin: defer rows.Close() right after
// the error check.
func exportHistoryClosed(ctx context.Context, db *sql.DB, customer string) error {
	rows, err := db.QueryContext(ctx, "SELECT id, amount FROM payments WHERE customer = $1", customer)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var l paymentLine
		if err := rows.Scan(&l.ID, &l.Amount); err != nil {
			return err
		}
		log.Print(l)
	}
	return rows.Err()
}

// markExported flags the exported payments.
func markExported(ctx context.Context, db *sql.DB, customer string) error {
	// BUG(rowsclose): an UPDATE sent with QueryContext and its rows thrown
	// away: nothing closes them, so each call keeps a connection.
	_, err := db.QueryContext(ctx, "UPDATE payments SET exported = true WHERE customer = $1", customer)
	return err
}

// markExportedExec is the idiomatic twin: a statement whose rows are not
// read is an Exec.
func markExportedExec(ctx context.Context, db *sql.DB, customer string) error {
	_, err := db.ExecContext(ctx, "UPDATE payments SET exported = true WHERE customer = $1", customer)
	return err
}

// hasPending reports whether the customer has a pending payment.
func hasPending(ctx context.Context, db *sql.DB, customer string) bool {
	row := db.QueryRowContext(ctx, "SELECT 1 FROM payments WHERE customer = $1 AND state = 'pending'", customer)
	// BUG(rowsclose): the row is checked with Err but never scanned: its
	// result set stays open and holds the connection.
	return row.Err() == nil
}

// hasPendingScanned is the idiomatic twin: Scan reads the row and releases
// the connection.
func hasPendingScanned(ctx context.Context, db *sql.DB, customer string) bool {
	var one int
	return db.QueryRowContext(ctx, "SELECT 1 FROM payments WHERE customer = $1 AND state = 'pending'", customer).Scan(&one) == nil
}
