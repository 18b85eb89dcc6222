// Package cachedstmt: a statement a cache keeps. A release added in the
// caller would close it for every later call ("sql: statement is closed"):
// no fix.
package cachedstmt

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
)

type store struct {
	db    *sql.DB
	mu    sync.Mutex
	cache map[string]*sql.Stmt
}

// prep returns the cached statement, or prepares one and caches it once
// the prepare succeeded.
func (s *store) prep(q string) (stmt *sql.Stmt, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
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

func (s *store) get(id int) (int, error) {
	stmt, err := s.prep("SELECT n FROM t WHERE id = ?")
	if err != nil {
		return 0, err
	}
	var n int
	err = stmt.QueryRow(id).Scan(&n)
	return n, err
}

// Run reads two rows through the cached statement.
func Run(ctx context.Context, db *sql.DB) (string, error) {
	s := &store{db: db, cache: make(map[string]*sql.Stmt)}
	a, err := s.get(1)
	if err != nil {
		return "", err
	}
	b, err := s.get(2)
	if err != nil {
		return "", err
	}
	return fmt.Sprint(a, b), nil
}
