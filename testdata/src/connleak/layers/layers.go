// Package layers: the layers real services put between their code and a
// transaction: a wrapper type embedding it, helpers returning its release
// functions, constructors that fail without keeping it.
package layers

import (
	"context"
	"database/sql"
	"errors"

	"connleak/layers/other"
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
	tx, err := s.Begin(ctx) // want `^tx is left open on the return at line 36 until ctx ends, holding its connection and locks; commit or roll back tx on every path$`
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
	tx, commit, rollback, err := s.begin(ctx) // want `^tx is left open on the return at line 70 until ctx ends, holding its connection and locks; call commit or rollback on every path$`
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
	c, release, err := s.acquire(ctx) // want `^c is not closed on the return at line 114, so it never returns to the pool; call release on every path$`
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
	tx, err := db.BeginTx(ctx, nil) // want `^tx is left open on the return at line 146 until ctx ends, holding its connection and locks; commit or roll back tx on every path$`
	if err != nil {
		return nil, err
	}
	r, err := newRepo(tx, name)
	return r, err
}

func openRepoDirect(ctx context.Context, db *sql.DB, name string) (*Repo, error) {
	tx, err := db.BeginTx(ctx, nil) // want `^tx is left open on the return at line 154 until ctx ends, holding its connection and locks; commit or roll back tx on every path$`
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

// The handle dropped, its functions kept: they release it.
func (s *Store) insertByFuncs(ctx context.Context, name string) error {
	_, commit, rollback, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer rollback()
	return commit()
}

// Another package's helper: its functions cannot be read, so they are
// trusted.
func insertElsewhere(ctx context.Context, s *other.Store, name string) error {
	tx, commit, rollback, err := s.Begin(ctx)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO t (name) VALUES ($1)", name); err != nil {
		return err
	}
	_ = rollback
	return commit()
}

// The constructor builds its value first and fails after.
func (r *Repo) load(ctx context.Context) error {
	_, err := r.tx.ExecContext(ctx, "SELECT 1")
	return err
}

func loadRepo(ctx context.Context, tx *sql.Tx) (*Repo, error) {
	r := &Repo{tx: tx}
	if err := r.load(ctx); err != nil {
		return nil, err
	}
	return r, nil
}

func openLoaded(ctx context.Context, db *sql.DB) (*Repo, error) {
	tx, err := db.BeginTx(ctx, nil) // want `^tx is left open on the return at line 215 until ctx ends, holding its connection and locks; commit or roll back tx on every path$`
	if err != nil {
		return nil, err
	}
	r, err := loadRepo(ctx, tx)
	if err != nil {
		return nil, err
	}
	return r, nil
}

func openLoadedRolledBack(ctx context.Context, db *sql.DB) (*Repo, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	r, err := loadRepo(ctx, tx)
	if err != nil {
		tx.Rollback()
		return nil, err
	}
	return r, nil
}

// A constructor that rolls back itself when it fails.
func loadRepoOrRollBack(ctx context.Context, tx *sql.Tx) (*Repo, error) {
	r := &Repo{tx: tx}
	if err := r.load(ctx); err != nil {
		r.tx.Rollback()
		return nil, err
	}
	return r, nil
}

func openLoadedByConstructor(ctx context.Context, db *sql.DB) (*Repo, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	r, err := loadRepoOrRollBack(ctx, tx)
	if err != nil {
		return nil, err
	}
	return r, nil
}

// ---- a helper returning only the release of what it holds ----

// lock takes a connection and holds an advisory lock on it until release.
func (s *Store) lock(ctx context.Context) (release func(), err error) {
	c, err := s.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := c.ExecContext(ctx, "SELECT pg_advisory_lock(1)"); err != nil {
		c.Close()
		return nil, err
	}
	return func() {
		c.ExecContext(context.Background(), "SELECT pg_advisory_unlock(1)")
		c.Close()
	}, nil
}

func (s *Store) locked(ctx context.Context, name string) error {
	release, err := s.lock(ctx) // want `^the connection behind release from s\.lock is not closed on the return at line 279, so it never returns to the pool; call release on every path$`
	if err != nil {
		return err
	}
	if name == "" {
		return errors.New("no name")
	}
	release()
	return nil
}

func (s *Store) lockedReleased(ctx context.Context, name string) error {
	release, err := s.lock(ctx)
	if err != nil {
		return err
	}
	defer release()
	if name == "" {
		return errors.New("no name")
	}
	return nil
}

// The release handed to the caller.
func (s *Store) lockFor(ctx context.Context) (func(), error) {
	release, err := s.lock(ctx)
	if err != nil {
		return nil, err
	}
	return release, nil
}

// A helper whose returned function releases nothing it took: not followed.
func (s *Store) watch(ctx context.Context) (stop func(), err error) {
	ctx, cancel := context.WithCancel(ctx)
	_ = ctx
	return cancel, nil
}

func (s *Store) watching(ctx context.Context) error {
	stop, err := s.watch(ctx)
	if err != nil {
		return err
	}
	_ = stop
	return nil
}

// The release functions called from a deferred closure.
func (s *Store) insertDeferred(ctx context.Context, name string) (err error) {
	tx, commit, rollback, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = rollback()
		}
	}()
	if _, err = tx.ExecContext(ctx, "INSERT INTO t (name) VALUES ($1)", name); err != nil {
		return err
	}
	err = commit()
	return err
}

// A package-level begin, as the service with 72 call sites has it.
func begin(ctx context.Context, db *sql.DB) (*sql.Tx, func() error, func() error, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return nil, nil, nil, err
	}
	commit := func() error { return tx.Commit() }
	return tx, commit, func() error { return tx.Rollback() }, nil
}

func count(ctx context.Context, db *sql.DB) (int, error) {
	tx, commit, rollback, err := begin(ctx, db) // want `^tx is left open on the return at line 361 until ctx ends, holding its connection and locks; call commit or rollback on every path$`
	if err != nil {
		return 0, err
	}
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM t").Scan(&n); err != nil {
		_ = rollback()
		return 0, err
	}
	if n == 0 {
		return 0, nil
	}
	return n, commit()
}
