// Package pgx holds pooldeadlock's cases for pgxpool: pgx.Tx, pgxpool.Conn,
// pgx.Rows and the callback helpers.
package pgx

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

type Store struct{ pool *pgxpool.Pool }

// pgx issue #2499: a pool.QueryRow inside a transaction hangs once
// concurrency reaches MaxConns.
func (s *Store) Transfer(ctx context.Context, from, to int) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback(ctx) }()
	var balance int
	if err := s.pool.QueryRow(ctx, "SELECT balance FROM accounts WHERE id = $1", from).Scan(&balance); err != nil { // want `^s\.pool\.QueryRow takes a second connection while tx holds one: N such calls deadlock a pool of N; run it on tx$`
		return err
	}
	if _, err := tx.Exec(ctx, "UPDATE accounts SET balance = balance - 1 WHERE id = $1", from); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

func (s *Store) TransferOnTx(ctx context.Context, from int) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback(ctx) }()
	var balance int
	if err := tx.QueryRow(ctx, "SELECT balance FROM accounts WHERE id = $1", from).Scan(&balance); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// An acquired connection.
func (s *Store) Acquired(ctx context.Context) error {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "SET LOCAL statement_timeout = 100"); err != nil {
		return err
	}
	_, err = s.pool.Exec(ctx, "SELECT 1") // want `^s\.pool\.Exec takes a second connection while conn holds one: N such calls deadlock a pool of N; run it on conn$`
	return err
}

// Rows still open.
func (s *Store) Nested(ctx context.Context) error {
	rows, err := s.pool.Query(ctx, "SELECT id FROM orders")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return err
		}
		if _, err := s.pool.Exec(ctx, "UPDATE orders SET seen = true WHERE id = $1", id); err != nil { // want `^s\.pool\.Exec takes a second connection while rows holds one: N such calls deadlock a pool of N; buffer rows and close it first$`
			return err
		}
	}
	return rows.Err()
}

// Inside BeginFunc's callback the pool's transaction holds a connection.
func (s *Store) InCallback(ctx context.Context) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		_, err := s.pool.Exec(ctx, "SELECT 1") // want `^s\.pool\.Exec runs on the pool outside the callback's tx: it escapes the transaction, and N such calls deadlock a pool of N; use tx$`
		return err
	})
}

func (s *Store) InCallbackOnTx(ctx context.Context) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, "SELECT 1")
		return err
	})
}
