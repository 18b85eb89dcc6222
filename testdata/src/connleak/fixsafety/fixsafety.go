// Package fixsafety holds the shapes where a release added by a fix would
// break a correct program (the finding stands, without a fix), next to the
// ordinary shapes that keep their fix; checked against fixsafety.go.golden.
package fixsafety

import (
	"context"
	"database/sql"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

type Store struct {
	db    *sql.DB
	mu    sync.Mutex
	cache map[string]*sql.Stmt
	find  func(id int) error
}

// --- A statement a cache keeps: closing it breaks the next call ------------

// cached stores what it prepares, and returns it from the cache on later
// calls: the caller does not own it (a mixed owner: silent).
func (s *Store) cached(q string) (*sql.Stmt, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	stmt, ok := s.cache[q]
	if ok {
		return stmt, nil
	}
	stmt, err := s.db.Prepare(q)
	if err == nil {
		s.cache[q] = stmt
	}
	return stmt, err
}

func (s *Store) UseCached(id int) error {
	stmt, err := s.cached("DELETE FROM t WHERE id = ?")
	if err != nil {
		return err
	}
	_, err = stmt.Exec(id)
	return err
}

// cachedLater returns the prepared statement and stores it in a deferred
// closure once it succeeded: the cache keeps it.
func (s *Store) cachedLater(q string) (stmt *sql.Stmt, err error) {
	if st, ok := s.cache[q]; ok {
		return st, nil
	}
	defer func() {
		if err == nil {
			s.cache[q] = stmt
		}
	}()
	return s.db.Prepare(q)
}

func (s *Store) UseCachedLater(id int) error {
	stmt, err := s.cachedLater("DELETE FROM t WHERE id = ?") // silent: the cache keeps what it returns
	if err != nil {
		return err
	}
	_, err = stmt.Exec(id)
	return err
}

// --- A statement a closure still uses after the function returns ----------

func Finder(db *sql.DB) (func(id int) error, error) {
	stmt, err := db.Prepare("DELETE FROM t WHERE id = ?") // want `^stmt is not closed on the return at line 79, leaving it prepared on the server; close stmt once the code using it later is done$`
	if err != nil {
		return nil, err
	}
	return func(id int) error {
		_, err := stmt.Exec(id)
		return err
	}, nil
}

func (s *Store) Init() error {
	stmt, err := s.db.Prepare("DELETE FROM t WHERE id = ?") // want `^stmt is not closed on the return at line 94, leaving it prepared on the server; close stmt once the code using it later is done$`
	if err != nil {
		return err
	}
	s.find = func(id int) error {
		_, err := stmt.Exec(id)
		return err
	}
	return nil
}

func Background(ctx context.Context, db *sql.DB, ids <-chan int) error {
	stmt, err := db.PrepareContext(ctx, "DELETE FROM t WHERE id = ?") // want `^stmt is not closed on the return at line 107, leaving it prepared on the server; close stmt once the code using it later is done$`
	if err != nil {
		return err
	}
	go func() {
		for id := range ids {
			_, _ = stmt.Exec(id)
		}
	}()
	return nil
}

func drain(stmt *sql.Stmt, ids <-chan int) {
	for id := range ids {
		_, _ = stmt.Exec(id)
	}
}

func Worker(ctx context.Context, db *sql.DB, ids <-chan int) error {
	stmt, err := db.PrepareContext(ctx, "DELETE FROM t WHERE id = ?") // want `^stmt is not closed on the return at line 122, leaving it prepared on the server; close stmt once the code using it later is done$`
	if err != nil {
		return err
	}
	go drain(stmt, ids)
	return nil
}

func MethodValue(db *sql.DB) (func(args ...any) (sql.Result, error), error) {
	stmt, err := db.Prepare("DELETE FROM t WHERE id = ?") // want `^stmt is not closed on the return at line 130, leaving it prepared on the server; close stmt once the code using it later is done$`
	if err != nil {
		return nil, err
	}
	return stmt.Exec, nil
}

// The transaction's rows go to the caller: a deferred Rollback would close
// them before the caller reads them.
func Rows(ctx context.Context, db *sql.DB) (*sql.Rows, error) {
	tx, err := db.BeginTx(ctx, nil) // want `^tx is left open on the return at line 140 until ctx ends, holding its connection and locks; commit or roll back tx on every path$`
	if err != nil {
		return nil, err
	}
	return tx.QueryContext(ctx, "SELECT id FROM t")
}

// --- The ordinary shapes keep their fix ------------------------------------

// prepare always returns a statement it prepared itself.
func (s *Store) prepare(q string) (*sql.Stmt, error) {
	stmt, err := s.db.Prepare(q)
	if err != nil {
		return nil, err
	}
	return stmt, nil
}

func (s *Store) UsePrepared(id int) error {
	stmt, err := s.prepare("DELETE FROM t WHERE id = ?") // want `^stmt is not closed on the return at line 160, leaving it prepared on the server; defer stmt\.Close\(\)$`
	if err != nil {
		return err
	}
	_, err = stmt.Exec(id)
	return err
}

func Immediate(db *sql.DB, ids []int) error {
	stmt, err := db.Prepare("DELETE FROM t WHERE id = ?") // want `^stmt is not closed on the return at line 174, leaving it prepared on the server; defer stmt\.Close\(\)$`
	if err != nil {
		return err
	}
	del := func(id int) error {
		_, err := stmt.Exec(id)
		return err
	}
	for _, id := range ids {
		if err := del(id); err != nil {
			return err
		}
	}
	return func() error { _, err := stmt.Exec(0); return err }()
}

func Pinned(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx) // want `^conn is not closed on the return at line 187, so it never returns to the pool; defer conn\.Close\(\)$`
	if err != nil {
		return err
	}
	rows, err := conn.QueryContext(ctx, "SELECT 1")
	if err != nil {
		return err
	}
	return rows.Close()
}

// --- pgx's release takes the producer's context -----------------------------

// The context is cancelled before the function returns: a deferred
// tx.Rollback(tctx) would run with it cancelled.
func CancelledFirst(ctx context.Context, pool *pgxpool.Pool) error {
	tctx, cancel := context.WithTimeout(ctx, time.Second)
	tx, err := pool.Begin(tctx) // want `^tx is left open on the return at line 206, holding its connection and locks; commit or roll back tx on every path$`
	if err != nil {
		cancel()
		return err
	}
	_, err = tx.Exec(tctx, "UPDATE t SET n = 1")
	cancel()
	if err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// Its cancel is deferred before the producer: it runs after the rollback.
func CancelledLast(ctx context.Context, pool *pgxpool.Pool) error {
	tctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	tx, err := pool.Begin(tctx) // want `^tx is left open on the return at line 220, holding its connection and locks; defer tx\.Rollback\(tctx\)$`
	if err != nil {
		return err
	}
	if _, err := tx.Exec(tctx, "UPDATE t SET n = 1"); err != nil {
		return err
	}
	return tx.Commit(tctx)
}
