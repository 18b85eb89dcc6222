// Package layers: the layers real services put between their code and a
// transaction: a wrapper type embedding it, helpers returning its release
// functions, constructors that fail without keeping it.
package layers

import (
	"context"
	"database/sql"
	"errors"
)

type Store struct{ db *sql.DB }

// ---- a wrapper embedding the transaction, from a Begin helper ----

type Tx struct {
	*sql.Tx
}

func (s *Store) Begin(ctx context.Context) (*Tx, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	return &Tx{tx}, nil
}

func (s *Store) rename(ctx context.Context, id int, name string) error {
	tx, err := s.Begin(ctx) // want `^tx is left open on the return at line 34, holding its connection and locks; defer tx\.Rollback\(\)$`
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE t SET name = $1 WHERE id = $2", name, id); err != nil {
		return err
	}
	return tx.Commit()
}

func (s *Store) renameRolledBack(ctx context.Context, id int, name string) error {
	tx, err := s.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE t SET name = $1 WHERE id = $2", name, id); err != nil {
		return err
	}
	return tx.Commit()
}

// ---- helpers returning the release functions with the handle ----

func (s *Store) begin(ctx context.Context) (tx *sql.Tx, commit func() error, rollback func() error, err error) {
	tx, err = s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, nil, nil, err
	}
	return tx, tx.Commit, func() error { return tx.Rollback() }, nil
}

func (s *Store) insert(ctx context.Context, name string) error {
	tx, commit, rollback, err := s.begin(ctx) // want `^tx is left open on the return at line 68, holding its connection and locks; defer tx\.Rollback\(\)$`
	if err != nil {
		return err
	}
	_ = rollback
	if _, err := tx.ExecContext(ctx, "INSERT INTO t (name) VALUES ($1)", name); err != nil {
		return err
	}
	return commit()
}

func (s *Store) insertRolledBack(ctx context.Context, name string) error {
	tx, commit, rollback, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer rollback()
	if _, err := tx.ExecContext(ctx, "INSERT INTO t (name) VALUES ($1)", name); err != nil {
		return err
	}
	return commit()
}

func (s *Store) insertEachPath(ctx context.Context, name string) error {
	tx, commit, rollback, err := s.begin(ctx)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO t (name) VALUES ($1)", name); err != nil {
		_ = rollback()
		return err
	}
	return commit()
}

// (conn, release func(), err)
func (s *Store) acquire(ctx context.Context) (*sql.Conn, func(), error) {
	c, err := s.db.Conn(ctx)
	if err != nil {
		return nil, nil, err
	}
	return c, func() { c.Close() }, nil
}

func (s *Store) ping(ctx context.Context) error {
	c, release, err := s.acquire(ctx) // want `^c is not closed on the return at line 112, so it never returns to the pool; defer c\.Close\(\)$`
	if err != nil {
		return err
	}
	if err := c.PingContext(ctx); err != nil {
		return err
	}
	release()
	return nil
}

func (s *Store) pingReleased(ctx context.Context) error {
	c, release, err := s.acquire(ctx)
	if err != nil {
		return err
	}
	defer release()
	return c.PingContext(ctx)
}

// ---- a constructor that fails without keeping the transaction ----

type Repo struct{ tx *sql.Tx }

func newRepo(tx *sql.Tx, name string) (*Repo, error) {
	if name == "" {
		return nil, errors.New("no name")
	}
	return &Repo{tx: tx}, nil
}

func openRepo(ctx context.Context, db *sql.DB, name string) (*Repo, error) {
	tx, err := db.BeginTx(ctx, nil) // want `^tx is left open on the return at line 144, holding its connection and locks; defer tx\.Rollback\(\)$`
	if err != nil {
		return nil, err
	}
	r, err := newRepo(tx, name)
	return r, err
}

func openRepoDirect(ctx context.Context, db *sql.DB, name string) (*Repo, error) {
	tx, err := db.BeginTx(ctx, nil) // want `^tx is left open on the return at line 152, holding its connection and locks; defer tx\.Rollback\(\)$`
	if err != nil {
		return nil, err
	}
	return newRepo(tx, name)
}

func openRepoRolledBack(ctx context.Context, db *sql.DB, name string) (*Repo, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	r, err := newRepo(tx, name)
	if err != nil {
		_ = tx.Rollback()
		return nil, err
	}
	return r, nil
}
