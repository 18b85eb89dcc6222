// Package structs holds pooldeadlock's cases for a pool reached through a
// struct: stored into a literal, kept beside a statement prepared on it,
// or beside a transaction begun on it.
package structs

import (
	"context"
	"database/sql"
)

type Service struct {
	db      *sql.DB
	replica *sql.DB
}

type Repo struct {
	db *sql.DB
}

func (r *Repo) Save(ctx context.Context, id string) error {
	_, err := r.db.ExecContext(ctx, "INSERT INTO audit (payment) VALUES ($1)", id)
	return err
}

// ---- a pool stored into a struct literal is the same pool ----

func (s *Service) Capture(ctx context.Context, id string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	repo := &Repo{db: s.db}
	if err := repo.Save(ctx, id); err != nil { // want `^repo\.Save takes a second connection from s\.db while tx holds one: N such calls deadlock a pool of N; pass tx to it instead$`
		return err
	}
	return tx.Commit()
}

// A repository on the replica is another pool.
func (s *Service) CaptureReplica(ctx context.Context, id string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	repo := &Repo{db: s.replica}
	if err := repo.Save(ctx, id); err != nil {
		return err
	}
	return tx.Commit()
}

// A repository assigned twice may be either.
func (s *Service) CaptureEither(ctx context.Context, id string, primary bool) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	repo := &Repo{db: s.replica}
	if primary {
		repo = &Repo{db: s.db}
	}
	if err := repo.Save(ctx, id); err != nil {
		return err
	}
	return tx.Commit()
}

// ---- a statement prepared on the pool, kept in a field ----

type Payments struct {
	db     *sql.DB
	insert *sql.Stmt
}

func NewPayments(ctx context.Context, db *sql.DB) (*Payments, error) {
	stmt, err := db.PrepareContext(ctx, "INSERT INTO audit (payment) VALUES ($1)")
	if err != nil {
		return nil, err
	}
	return &Payments{db: db, insert: stmt}, nil
}

func (p *Payments) Capture(ctx context.Context, id string) error {
	tx, err := p.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE payments SET state = 'captured' WHERE id = $1", id); err != nil {
		return err
	}
	if _, err := p.insert.ExecContext(ctx, id); err != nil { // want `^p\.insert\.ExecContext runs on the pool outside tx: it escapes the transaction, and N such calls deadlock a pool of N; bind it to tx with tx\.Stmt$`
		return err
	}
	return tx.Commit()
}

// The idiomatic twin: the statement bound to the transaction.
func (p *Payments) CaptureOnTx(ctx context.Context, id string) error {
	tx, err := p.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.StmtContext(ctx, p.insert).ExecContext(ctx, id); err != nil {
		return err
	}
	return tx.Commit()
}

// A statement prepared on the transaction is the transaction's.
func (p *Payments) PreparedOnTx(ctx context.Context, id string) error {
	tx, err := p.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, "INSERT INTO audit (payment) VALUES ($1)")
	if err != nil {
		return err
	}
	if _, err := stmt.ExecContext(ctx, id); err != nil {
		return err
	}
	return tx.Commit()
}

// A statement prepared on the pool in the function.
func (p *Payments) PreparedHere(ctx context.Context, ids []string) error {
	stmt, err := p.db.PrepareContext(ctx, "INSERT INTO audit (payment) VALUES ($1)")
	if err != nil {
		return err
	}
	defer stmt.Close()
	tx, err := p.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, id := range ids {
		if _, err := stmt.ExecContext(ctx, id); err != nil { // want `^stmt\.ExecContext runs on the pool outside tx: it escapes the transaction, and N such calls deadlock a pool of N; bind it to tx with tx\.Stmt$`
			return err
		}
	}
	return tx.Commit()
}

// ---- an updater holding a transaction begun on its pool ----

type updater struct {
	db *sql.DB
	tx *sql.Tx
}

func (s *Service) newUpdater(ctx context.Context) (*updater, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	return &updater{db: s.db, tx: tx}, nil
}

func (u *updater) lock(ctx context.Context, id string) error {
	_, err := u.tx.ExecContext(ctx, "SELECT 1 FROM payments WHERE id = $1 FOR UPDATE", id)
	return err
}

// Reads through the pool while the updater's transaction holds its locks.
func (u *updater) name(ctx context.Context, id string) (string, error) {
	var n string
	err := u.db.QueryRowContext(ctx, "SELECT name FROM payments WHERE id = $1", id).Scan(&n) // want `^u\.db\.QueryRowContext takes a second connection while u\.tx holds one: N such calls deadlock a pool of N; run it on u\.tx$`
	return n, err
}

func (u *updater) commit() error { return u.tx.Commit() }

// A store that holds a transaction only sometimes, and checks: silent.
type store struct {
	db *sql.DB
	tx *sql.Tx
}

func newStore(db *sql.DB) *store { return &store{db: db} }

func (s *store) begin(ctx context.Context) (*store, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	return &store{db: s.db, tx: tx}, nil
}

func (s *store) count(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM payments").Scan(&n)
	return n, err
}
