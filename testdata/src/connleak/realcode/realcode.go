// Package realcode holds the shapes of real services that connleak must
// get right.
package realcode

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log"

	"github.com/jmoiron/sqlx"
)

// ---- sqlx's NamedStmt, as sqlclosecheck checks it ----

func namedStmt(db *sqlx.DB) error {
	stmt, err := db.PrepareNamed("INSERT INTO t (a) VALUES (:a)") // want `^stmt is not closed on the return at line 23, leaving it prepared on the server; defer stmt\.Close\(\)$`
	if err != nil {
		return err
	}
	if _, err := stmt.Exec(map[string]any{"a": 1}); err != nil {
		return err
	}
	return stmt.Close()
}

func namedStmtClosed(db *sqlx.DB) error {
	stmt, err := db.PrepareNamed("INSERT INTO t (a) VALUES (:a)")
	if err != nil {
		return err
	}
	defer stmt.Close()
	_, err = stmt.Exec(map[string]any{"a": 1})
	return err
}

// ---- observers: functions that certainly do not keep what they are given ----

func logged(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil) // want `^tx is left open on the return at line 47 until ctx ends, holding its connection and locks; defer tx\.Rollback\(\)$`
	if err != nil {
		return err
	}
	log.Printf("began %v", tx)
	if _, err := tx.ExecContext(ctx, "SELECT 1"); err != nil {
		return fmt.Errorf("exec in %v: %w", tx, err)
	}
	return tx.Commit()
}

// ---- handles collected in a slice, closed in a loop ----

func prepareAll(db *sql.DB, queries []string) ([]*sql.Stmt, error) {
	var stmts []*sql.Stmt
	for _, q := range queries {
		stmt, err := db.Prepare(q)
		if err != nil {
			for _, s := range stmts {
				s.Close()
			}
			return nil, err
		}
		stmts = append(stmts, stmt)
	}
	return stmts, nil
}

func prepareAllLeaky(db *sql.DB, queries []string, check func(string) error) error {
	var stmts []*sql.Stmt
	for _, q := range queries {
		stmt, err := db.Prepare(q) // want `^stmt, collected in stmts, is not closed on the return at line 74, leaving it prepared on the server; close them on every path$`
		if err != nil {
			return err
		}
		stmts = append(stmts, stmt)
		if err := check(q); err != nil {
			return err // the statements collected so far are never closed
		}
	}
	for _, s := range stmts {
		s.Close()
	}
	return nil
}

// ---- a pool reassigned without Close ----

func reopen(dsn, fallback string) (*sql.DB, error) {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return nil, err
	}
	if err := db.Ping(); err != nil {
		db, err = sql.Open("postgres", fallback) // want `^db is assigned a new pool while the one from line 90 is open: nothing can close the first, its connections and goroutine leak; close db first$`
		if err != nil {
			return nil, err
		}
	}
	return db, nil
}

func reopenClosed(dsn, fallback string) (*sql.DB, error) {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return nil, err
	}
	if err := db.Ping(); err != nil {
		db.Close()
		db, err = sql.Open("postgres", fallback)
		if err != nil {
			return nil, err
		}
	}
	return db, nil
}

// ---- a transaction behind a wrapper interface ----

type XTx interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	Commit() error
	Rollback() error
}

type XDB interface {
	BeginTxx(ctx context.Context, opts *sql.TxOptions) (XTx, error)
}

func viaInterface(ctx context.Context, db XDB) error {
	tx, err := db.BeginTxx(ctx, nil) // want `^tx is left open on the return at line 136, holding its connection and locks; defer tx\.Rollback\(\)$`
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "SELECT 1"); err != nil {
		return err
	}
	return tx.Commit()
}

func viaInterfaceRolledBack(ctx context.Context, db XDB) error {
	tx, err := db.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "SELECT 1"); err != nil {
		return err
	}
	return tx.Commit()
}

// ---- a transaction given to a constructor that fails ----

type Store struct{ tx *sql.Tx }

func newStore(tx *sql.Tx, name string) (*Store, error) {
	if name == "" {
		return nil, errors.New("no name")
	}
	return &Store{tx: tx}, nil
}

func open(ctx context.Context, db *sql.DB, name string) (*Store, error) {
	tx, err := db.BeginTx(ctx, nil) // want `^tx is left open on the return at line 171 until ctx ends, holding its connection and locks; commit or roll back tx on every path$`
	if err != nil {
		return nil, err
	}
	s, err := newStore(tx, name)
	if err != nil {
		return nil, err
	}
	return s, nil
}

func openRolledBack(ctx context.Context, db *sql.DB, name string) (*Store, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	s, err := newStore(tx, name)
	if err != nil {
		tx.Rollback()
		return nil, err
	}
	return s, nil
}

// kine's dialect: the transaction interface has its own ends.
type Transaction interface {
	Commit() error
	MustCommit()
	Rollback() error
	MustRollback()
	Exec(ctx context.Context, q string) error
}

type Dialect interface {
	BeginTx(ctx context.Context, opts *sql.TxOptions) (Transaction, error)
}

func compact(ctx context.Context, d Dialect) error {
	t, err := d.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer t.MustRollback()
	if err := t.Exec(ctx, "DELETE FROM kine WHERE id < 10"); err != nil {
		return err
	}
	t.MustCommit()
	return nil
}
