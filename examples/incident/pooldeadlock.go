package main

import (
	"context"
	"net/http"
)

func init() {
	// Refunds write the payment and its audit row in one transaction.
	routes["POST /payments/{id}/refund"] = func(s *Server) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			run := s.refund
			if r.URL.Query().Has("v2") {
				run = s.refundOnTx
			}
			if err := run(r.Context(), r.PathValue("id")); err != nil {
				http.Error(w, "refund failed", http.StatusInternalServerError)
				return
			}
			w.WriteHeader(http.StatusNoContent)
		}
	}
}

// refund marks the payment refunded and writes the audit row.
func (s *Server) refund(ctx context.Context, id string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE payments SET state = 'refunded' WHERE id = $1", id); err != nil {
		return err
	}
	// BUG(pooldeadlock): the audit row goes to the pool, not to tx: a second
	// connection while tx holds the first. With SetMaxOpenConns(N), N refunds
	// at once each hold one connection and wait forever for another, and every
	// request behind them times out.
	if _, err := s.db.ExecContext(ctx, "INSERT INTO audit (payment, action) VALUES ($1, 'refund')", id); err != nil {
		return err
	}
	return tx.Commit()
}

// refundOnTx is the idiomatic twin: the audit row is written on the
// transaction, which also makes it atomic with the refund.
func (s *Server) refundOnTx(ctx context.Context, id string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE payments SET state = 'refunded' WHERE id = $1", id); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO audit (payment, action) VALUES ($1, 'refund')", id); err != nil {
		return err
	}
	return tx.Commit()
}
