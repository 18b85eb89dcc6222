package main

import (
	"context"
	"database/sql"
	"net/http"
	"os"
	"strconv"
)

func init() {
	routes["/merchants/balance"] = func(s *Server) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			// BUG(singledb): a new pool per request. Every request pays a TCP+TLS+auth
			// handshake, and every request has its own pool, so the server's limit
			// limits nothing: under load connections multiply until PostgreSQL
			// answers "sorry, too many clients already".
			db, err := sql.Open("postgres", os.Getenv("DATABASE_URL"))
			if err != nil {
				http.Error(w, err.Error(), http.StatusServiceUnavailable)
				return
			}
			defer db.Close()
			var balance int64
			err = db.QueryRowContext(r.Context(), "SELECT balance FROM merchants WHERE id = $1", r.URL.Query().Get("id")).Scan(&balance)
			writeBalance(w, balance, err)
		}
	}
	// The idiomatic twin: the process-wide pool, opened once in main.
	routes["/v2/merchants/balance"] = func(s *Server) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			var balance int64
			err := s.db.QueryRowContext(r.Context(), "SELECT balance FROM merchants WHERE id = $1", r.URL.Query().Get("id")).Scan(&balance)
			writeBalance(w, balance, err)
		}
	}

	routes["/settlements/pending"] = func(s *Server) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			// BUG(singledb): countPending opens and closes its own pool on every
			// call; called from a handler, that is a pool per request again.
			n, err := countPending(r.Context())
			writeBalance(w, n, err)
		}
	}
	// The idiomatic twin: the helper is given the shared pool.
	routes["/v2/settlements/pending"] = func(s *Server) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			n, err := countPendingIn(r.Context(), s.reports)
			writeBalance(w, n, err)
		}
	}
}

// countPending was written for a nightly CLI, where opening a pool per run
// is right, and later reused by a handler, where it is not.
func countPending(ctx context.Context) (int64, error) {
	db, err := sql.Open("postgres", os.Getenv("REPORTS_DATABASE_URL"))
	if err != nil {
		return 0, err
	}
	defer db.Close()
	return countPendingIn(ctx, db)
}

func countPendingIn(ctx context.Context, db *sql.DB) (int64, error) {
	var n int64
	err := db.QueryRowContext(ctx, "SELECT count(*) FROM settlements WHERE state = 'pending'").Scan(&n)
	return n, err
}

func writeBalance(w http.ResponseWriter, n int64, err error) {
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/plain")
	_, _ = w.Write([]byte(strconv.FormatInt(n, 10)))
}
