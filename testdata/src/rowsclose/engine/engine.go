// Package engine holds the cases of the lifecycle engine's own test: each
// producing call is annotated with what the engine decided.
package engine

import (
	"context"
	"database/sql"

	"github.com/jmoiron/sqlx"
)

type Store struct {
	db    *sql.DB
	stmts map[string]*sql.Stmt
	tx    *sql.Tx
}

func fates(ctx context.Context, db *sql.DB, s *Store) (*sql.Rows, error) {
	db.Query("q") // want `^Rows discarded$`
	var n int
	_ = db.QueryRow("q").Scan(&n)          // want `^Row released$`
	_ = db.QueryRow("q").Err()             // want `^Row discarded$`
	s.tx, _ = db.Begin()                   // want `^Tx handed-over$`
	rows, err := db.QueryContext(ctx, "q") // want `^Rows tracked escapes$`
	if err != nil {
		return nil, err
	}
	return rows, nil
}

func leaks(db *sql.DB, loop []int) {
	for range loop {
		rows, err := db.Query("q") // want `^Rows tracked leak:iteration@33 leak:end@44$`
		if err != nil {
			continue
		}
		if rows.Next() {
			continue
		}
	}
	tx, _ := db.Begin() // want `^Tx tracked leak:reassign@42$`
	tx, _ = db.Begin()  // want `^Tx tracked leak:end@44$`
	_ = tx
}

func drained(db *sql.DB) error {
	rows, err := db.Query("q") // want `^Rows tracked drain@51$`
	if err != nil {
		return err
	}
	for rows.Next() {
	}
	return rows.Err()
}

func deferInLoop(db *sql.DB, ids []int) {
	for _, id := range ids {
		rows, err := db.Query("q", id) // want `^Rows tracked defer-in-loop@62$`
		if err != nil {
			return
		}
		defer rows.Close()
		_ = rows.Next()
	}
}

// Calls that are not followed: a getter, statements prepared on a
// transaction, a statement from an interface, a view of a statement.
type preparer interface {
	Prepare(q string) (*sql.Stmt, error)
}

func (s *Store) current() *sql.Tx { return s.tx }

func notFollowed(s *Store, p preparer, x *sqlx.DB, prepared *sql.Stmt) error {
	tx := s.current()
	st, err := tx.Prepare("q")
	if err != nil {
		return err
	}
	_ = tx.Stmt(prepared)
	ps, _ := p.Prepare("q")
	_ = ps
	ns, err := x.PrepareNamed("q") // want `^Stmt tracked$`
	if err != nil {
		return err
	}
	defer ns.Close()
	_ = ns.Unsafe()
	rows, err := tx.Query("q") // want `^Rows tracked on-tx$`
	if err != nil {
		return err
	}
	defer rows.Close()
	return st.Close()
}

// A same-package function that produces a fresh handle is a producer; its
// caller owns the result.
func (s *Store) prepare(q string) (*sql.Stmt, error) {
	return s.db.Prepare(q) // want `^Stmt handed-over$`
}

// A cache returns statements it keeps: not a producer for its callers.
func (s *Store) cached(q string) (*sql.Stmt, error) {
	if st, ok := s.stmts[q]; ok {
		return st, nil
	}
	st, err := s.db.Prepare(q) // want `^Stmt tracked escapes$`
	if err != nil {
		return nil, err
	}
	s.stmts[q] = st
	return st, nil
}

func callers(s *Store) {
	a, _ := s.prepare("q") // want `^Stmt tracked leak:end@121$`
	b, _ := s.cached("q")
	_, _ = a, b
}

// A helper that returns the cache's statement or a fresh one: mixed
// ownership, no producer for its callers.
func (s *Store) cachedOrFresh(q string) (*sql.Stmt, error) {
	if st, ok := s.stmts[q]; ok {
		return st, nil
	}
	return s.db.Prepare(q) // want `^Stmt handed-over$`
}

func mixedCaller(s *Store) {
	c, _ := s.cachedOrFresh("q")
	_ = c
}

// Two producers of one variable that end the same way: the second is the
// same mistake as the first.
func twoCases(db *sql.DB, k int) {
	var rows *sql.Rows
	switch k {
	case 0:
		rows, _ = db.Query("a") // want `^Rows tracked leak:end@148$`
	default:
		rows, _ = db.Query("b") // want `^Rows tracked leak:end@148 same@143$`
	}
	rows.Next()
}

// A continue leaves the rows of an iteration whose body declares them.
func perItem(db *sql.DB, ids []int) {
	for _, id := range ids {
		var rows *sql.Rows
		rows, _ = db.Query("q", id) // want `^Rows tracked leak:continue@156 leak:end@160$`
		if id < 0 {
			continue
		}
		rows.Close()
	}
}
