// Package sqlc holds pooldeadlock's cases for sqlc-generated Queries (the
// database/sql flavour in package db, the pgx flavour in package pgdb),
// recognized by their shape: a Queries built on a pool is that pool.
package sqlc

import (
	"context"
	"database/sql"

	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/sqlc/db"
	"example.com/sqlc/pgdb"
)

// ---- a Queries built on the pool, in the function ----

// The audit row goes to the pool-bound Queries instead of q.WithTx(tx).
func capture(ctx context.Context, pool *sql.DB, id string) error {
	q := db.New(pool)
	tx, err := pool.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := q.WithTx(tx).GetBalance(ctx, 1); err != nil {
		return err
	}
	if err := q.CreateAudit(ctx, id); err != nil { // want `^q\.CreateAudit runs on the pool outside tx: it escapes the transaction, and N such calls deadlock a pool of N; use q\.WithTx\(tx\)$`
		return err
	}
	return tx.Commit()
}

// The idiomatic twin: every statement through q.WithTx(tx).
func captureOnTx(ctx context.Context, pool *sql.DB, id string) error {
	q := db.New(pool)
	tx, err := pool.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	qtx := q.WithTx(tx)
	if _, err := qtx.GetBalance(ctx, 1); err != nil {
		return err
	}
	if err := qtx.CreateAudit(ctx, id); err != nil {
		return err
	}
	return tx.Commit()
}

// A Queries given by the caller may be bound to anything: not reported.
func captureGiven(ctx context.Context, pool *sql.DB, q *db.Queries, id string) error {
	tx, err := pool.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := q.CreateAudit(ctx, id); err != nil {
		return err
	}
	return tx.Commit()
}

// A Queries on a replica is another pool.
func captureReplica(ctx context.Context, pool, replica *sql.DB, id string) error {
	q := db.New(replica)
	tx, err := pool.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := q.GetBalance(ctx, 1); err != nil {
		return err
	}
	return tx.Commit()
}

// ---- a Queries kept in a struct beside its pool (pgx flavour) ----

type Service struct {
	pool    *pgxpool.Pool
	queries *pgdb.Queries
}

func NewService(pool *pgxpool.Pool) *Service {
	return &Service{pool: pool, queries: pgdb.New(pool)}
}

// Locks FOR UPDATE on the transaction, then writes through the pool: the
// write escapes the transaction and waits for a second connection.
func (s *Service) Transfer(ctx context.Context, from, to int64) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	qtx := s.queries.WithTx(tx)
	if _, err := qtx.LockAccount(ctx, from); err != nil {
		return err
	}
	if err := s.queries.CreateTransfer(ctx, from, to); err != nil { // want `^s\.queries\.CreateTransfer runs on the pool outside tx: it escapes the transaction, and N such calls deadlock a pool of N; use s\.queries\.WithTx\(tx\)$`
		return err
	}
	return tx.Commit(ctx)
}

// The idiomatic twin.
func (s *Service) TransferOnTx(ctx context.Context, from, to int64) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	qtx := s.queries.WithTx(tx)
	if _, err := qtx.LockAccount(ctx, from); err != nil {
		return err
	}
	if err := qtx.CreateTransfer(ctx, from, to); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// After the commit the pool-bound Queries is right.
func (s *Service) AfterCommit(ctx context.Context, from, to int64) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	if _, err := s.queries.WithTx(tx).LockAccount(ctx, from); err != nil {
		_ = tx.Rollback(ctx)
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return err
	}
	return s.queries.CreateTransfer(ctx, from, to)
}

// ---- a Store embedding the Queries ----

type Store struct {
	*db.Queries
	db *sql.DB
}

func NewStore(conn *sql.DB) *Store {
	return &Store{Queries: db.New(conn), db: conn}
}

// The promoted method runs on the pool: reported, without a fix.
func (s *Store) Capture(ctx context.Context, id string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := s.CreateAudit(ctx, id); err != nil { // want `^s\.CreateAudit runs on the pool outside tx: it escapes the transaction, and N such calls deadlock a pool of N; use WithTx\(tx\)$`
		return err
	}
	return tx.Commit()
}

// ---- a field bound to different pools by different literals ----

type Mixed struct {
	db      *sql.DB
	queries *db.Queries
}

func newMixed(primary, replica *sql.DB) []*Mixed {
	return []*Mixed{
		{db: primary, queries: db.New(primary)},
		{db: primary, queries: db.New(replica)},
	}
}

func (m *Mixed) Capture(ctx context.Context, id string) error {
	tx, err := m.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := m.queries.CreateAudit(ctx, id); err != nil {
		return err
	}
	return tx.Commit()
}
