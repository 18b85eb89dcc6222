// Package precision holds connleak's cases of issue 20: a same-package
// helper that returns a handle another owner keeps on some paths and a
// fresh one on others gives its callers nothing they must release.
package precision

import (
	"context"
	"database/sql"
	"sync"
)

type Store struct {
	db    *sql.DB
	mu    sync.Mutex
	stmts map[string]*sql.Stmt
}

// A cached statement when there is one, else a fresh one the cache does
// not keep: the caller cannot tell which, so it is not told to close it.
func (s *Store) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if st, ok := s.stmts[q]; ok {
		return st, nil
	}
	return s.db.PrepareContext(ctx, q)
}

func (s *Store) deleteAll(ctx context.Context) error {
	st, err := s.stmt(ctx, "DELETE FROM t")
	if err != nil {
		return err
	}
	_, err = st.ExecContext(ctx)
	return err
}

// The cache keeps what it prepares, through a variable that holds the map.
func (s *Store) cachedStmt(ctx context.Context, q string) (*sql.Stmt, error) {
	stmts := s.stmts
	if st, ok := stmts[q]; ok {
		return st, nil
	}
	st, err := s.db.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	stmts[q] = st
	return st, nil
}

func (s *Store) touchAll(ctx context.Context) error {
	st, err := s.cachedStmt(ctx, "UPDATE t SET seen = now()")
	if err != nil {
		return err
	}
	_, err = st.ExecContext(ctx)
	return err
}

// The caller's transaction when it has one, else a new one.
func (s *Store) txOrBegin(ctx context.Context, tx *sql.Tx) (*sql.Tx, error) {
	if tx != nil {
		return tx, nil
	}
	return s.db.BeginTx(ctx, nil)
}

func (s *Store) insert(ctx context.Context, outer *sql.Tx) error {
	tx, err := s.txOrBegin(ctx, outer)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO t DEFAULT VALUES"); err != nil {
		return err
	}
	if outer == nil {
		return tx.Commit()
	}
	return nil
}

// Always fresh: the caller owns it.
func (s *Store) prepare(ctx context.Context, q string) (*sql.Stmt, error) {
	return s.db.PrepareContext(ctx, q)
}

func (s *Store) purge(ctx context.Context) error {
	st, err := s.prepare(ctx, "DELETE FROM t WHERE old") // want `^st is not closed on the return at line 94, leaving it prepared on the server; defer st\.Close\(\)$`
	if err != nil {
		return err
	}
	_, err = st.ExecContext(ctx)
	return err
}

// A transaction begun in two cases of a switch and left open by one
// return: one finding.
func (s *Store) either(ctx context.Context, readOnly bool) error {
	var tx *sql.Tx
	var err error
	switch {
	case readOnly:
		tx, err = s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true}) // want `^tx is left open on the return at line 112 until ctx ends, holding its connection and locks; commit or roll back tx on every path$`
	default:
		tx, err = s.db.BeginTx(ctx, nil) // the same mistake: reported once, above
	}
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE t SET n = n + 1"); err != nil {
		return err
	}
	return tx.Commit()
}

// A transaction per item, its variable declared in the loop's body: the
// continue leaves it open.
func (s *Store) perItem(ctx context.Context, items []int) error {
	for _, it := range items {
		var tx *sql.Tx
		tx, err := s.db.BeginTx(ctx, nil) // want `^tx is left open at the continue at line 127, holding its connection and locks; commit or roll back tx in each iteration$`
		if err != nil {
			return err
		}
		if it < 0 {
			continue
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// ---- the producer's error rewritten before its check ----

// err = translate(err) keeps the producer's error (nil where it was nil):
// the check that follows still says whether BeginTx failed, and a failed
// BeginTx returns no transaction.
func beginTranslated(ctx context.Context, db *sql.DB) (*sql.Tx, error) {
	tx, err := db.BeginTx(ctx, nil)
	err = translateError(err)
	if err != nil {
		return nil, err
	}
	return tx, nil
}

func translateError(err error) error {
	if err != nil {
		return dbError{err}
	}
	return nil
}

type dbError struct{ error }
