package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"log"
	"net/http"
	"time"
)

func init() {
	// BUG(ctxquery): QueryRow takes no context. When the client gives up or
	// the request's deadline passes, the query keeps its pooled connection
	// until PostgreSQL finishes it; a slow query under load fills the pool.
	routes["/payments/status"] = func(s *Server) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			var status string
			err := s.db.QueryRow("SELECT status FROM payments WHERE id = $1", r.URL.Query().Get("id")).Scan(&status)
			writeStatus(w, status, err)
		}
	}
	// The idiomatic twin: the request's context reaches the database.
	routes["/v2/payments/status"] = func(s *Server) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			var status string
			err := s.db.QueryRowContext(r.Context(), "SELECT status FROM payments WHERE id = $1", r.URL.Query().Get("id")).Scan(&status)
			writeStatus(w, status, err)
		}
	}

	// BUG(ctxquery): Begin takes no context: the transaction is not rolled
	// back when the client goes away, and its statements cannot be cancelled.
	routes["/payments/refund"] = func(s *Server) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			tx, err := s.db.Begin()
			if err != nil {
				http.Error(w, err.Error(), http.StatusServiceUnavailable)
				return
			}
			defer tx.Rollback()
			refund(r.Context(), w, tx, r.URL.Query().Get("id"))
		}
	}
	// The idiomatic twin.
	routes["/v2/payments/refund"] = func(s *Server) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			tx, err := s.db.BeginTx(r.Context(), nil)
			if err != nil {
				http.Error(w, err.Error(), http.StatusServiceUnavailable)
				return
			}
			defer tx.Rollback()
			refund(r.Context(), w, tx, r.URL.Query().Get("id"))
		}
	}

	// BUG(ctxquery): the request's context is at hand, but the report query is
	// given context.Background(): nothing stops it when the client gives up.
	routes["/reports/daily"] = func(s *Server) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			rows, err := s.reports.QueryContext(context.Background(), dailyTotalsQuery)
			if err != nil {
				writeTotals(w, nil, err)
				return
			}
			totals, err := scanTotals(rows)
			writeTotals(w, totals, err)
		}
	}
	// The idiomatic twin.
	routes["/v2/reports/daily"] = func(s *Server) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			totals, err := dailyTotals(r.Context(), s.reports)
			writeTotals(w, totals, err)
		}
	}

	// A background job with its own deadline: right, and silent.
	routes["/admin/sweep"] = func(s *Server) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			go sweepExpired(s.db) // outlives the request on purpose
			w.WriteHeader(http.StatusAccepted)
		}
	}
}

// refund marks a payment refunded inside tx.
func refund(ctx context.Context, w http.ResponseWriter, tx *sql.Tx, id string) {
	// BUG(ctxquery): ctx is at hand, but the statement ignores it.
	if _, err := tx.Exec("UPDATE payments SET status = 'refunded' WHERE id = $1", id); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	// The idiomatic twin.
	if _, err := tx.ExecContext(ctx, "INSERT INTO refunds (payment_id) VALUES ($1)", id); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	if err := tx.Commit(); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

const dailyTotalsQuery = "SELECT currency, sum(amount) FROM payments WHERE created_at > now() - interval '1 day' GROUP BY currency"

// dailyTotals sums today's payments per currency.
func dailyTotals(ctx context.Context, db *sql.DB) (map[string]int64, error) {
	rows, err := db.QueryContext(ctx, dailyTotalsQuery)
	if err != nil {
		return nil, err
	}
	return scanTotals(rows)
}

// scanTotals reads and closes rows of (currency, sum).
func scanTotals(rows *sql.Rows) (map[string]int64, error) {
	defer rows.Close()
	totals := make(map[string]int64)
	for rows.Next() {
		var currency string
		var sum int64
		if err := rows.Scan(&currency, &sum); err != nil {
			return nil, err
		}
		totals[currency] = sum
	}
	return totals, rows.Err()
}

// sweepExpired runs detached from any request, with a deadline of its own.
func sweepExpired(db *sql.DB) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := db.ExecContext(ctx, "DELETE FROM sessions WHERE expires_at < now()"); err != nil {
		log.Printf("sweep: %v", err)
	}
}

func writeStatus(w http.ResponseWriter, status string, err error) {
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	_ = json.NewEncoder(w).Encode(map[string]string{"status": status})
}

func writeTotals(w http.ResponseWriter, totals map[string]int64, err error) {
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	_ = json.NewEncoder(w).Encode(totals)
}
