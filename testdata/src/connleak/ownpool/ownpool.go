// Package ownpool holds statements prepared on a pool: closing the pool
// closes its statements, so one prepared on a pool the function opened and
// closes on every path is not leaked (stolon's
// isRestartRequiredUsingPgSettingsContext, round 8 validation R8V-F3); one
// prepared on a pool the function was given is.
package ownpool

import (
	"context"
	"database/sql"

	"github.com/jmoiron/sqlx"
)

// The function opens the pool and defers its Close before it prepares:
// the statement goes with the pool. Silent.
func restartNeeded(ctx context.Context, dsn string, names []string) (bool, error) {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return false, err
	}
	defer db.Close()
	stmt, err := db.PrepareContext(ctx, `SELECT count(*) > 0 FROM pg_settings WHERE name = ANY($1)`)
	if err != nil {
		return false, err
	}
	var b bool
	err = stmt.QueryRowContext(ctx, names).Scan(&b)
	return b, err
}

// An sqlx pool closed explicitly on every path. Silent.
func countSqlx(dsn string) (int, error) {
	db, err := sqlx.Open("postgres", dsn)
	if err != nil {
		return 0, err
	}
	stmt, err := db.Preparex("SELECT count(*) FROM t")
	if err != nil {
		db.Close()
		return 0, err
	}
	var n int
	err = stmt.Get(&n)
	db.Close()
	return n, err
}

// A pool the function was given outlives the call: its statement stays
// prepared. Reported.
func countGiven(db *sql.DB) (int, error) {
	stmt, err := db.Prepare("SELECT count(*) FROM t") // want `^stmt is not closed on the return at line 58, leaving it prepared on the server; defer stmt\.Close\(\)$`
	if err != nil {
		return 0, err
	}
	var n int
	err = stmt.QueryRow().Scan(&n)
	return n, err
}

type store struct{ db *sql.DB }

// A pool held in a field is not the function's to close. Reported.
func (s *store) count() (int, error) {
	stmt, err := s.db.Prepare("SELECT count(*) FROM t") // want `^stmt is not closed on the return at line 71, leaving it prepared on the server; defer stmt\.Close\(\)$`
	if err != nil {
		return 0, err
	}
	var n int
	err = stmt.QueryRow().Scan(&n)
	return n, err
}

// The function opens the pool but leaves it open on a path that goes on
// to use the statement: reported.
func countLeavesPool(dsn string, keep bool) (int, error) {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return 0, err
	}
	stmt, err := db.Prepare("SELECT count(*) FROM t") // want `^stmt is not closed on the return at line 90, leaving it prepared on the server; defer stmt\.Close\(\)$`
	if err != nil {
		return 0, err
	}
	var n int
	err = stmt.QueryRow().Scan(&n)
	if !keep {
		db.Close()
	}
	return n, err
}
