// Package sqliteprep holds ctxquery's cases for a package whose pools can
// only be SQLite's: a Prepare without a context is left to -strict (SQLite
// prepares in process, both drivers ignore the prepare's context, and the
// statement's own call carries it); its Query and Exec stay reported, as
// SQLite's drivers interrupt a running statement on cancellation.
package sqliteprep

import (
	"context"
	"database/sql"
	"strings"

	"github.com/jmoiron/sqlx"
	_ "modernc.org/sqlite"
)

type events struct {
	db *sql.DB
	x  *sqlx.DB
}

func (s *events) deleteMany(ctx context.Context, txn *sql.Tx, ids []any) error {
	q := "DELETE FROM q WHERE nid IN (" + strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",") + ")"
	stmt, err := txn.Prepare(q)
	if err != nil {
		return err
	}
	defer stmt.Close()
	_, err = stmt.ExecContext(ctx, ids...)
	return err
}

func (s *events) selectMany(ctx context.Context, ids []any) (*sql.Rows, error) {
	stmt, err := s.db.Prepare("SELECT nid FROM e WHERE id IN (?,?)")
	if err != nil {
		return nil, err
	}
	defer stmt.Close()
	return stmt.QueryContext(ctx, ids...)
}

func (s *events) named(ctx context.Context) error {
	stmt, err := s.x.Preparex("SELECT 1")
	if err != nil {
		return err
	}
	defer stmt.Close()
	nstmt, err := s.x.PrepareNamed("SELECT :a")
	if err != nil {
		return err
	}
	defer nstmt.Close()
	_, err = stmt.ExecContext(ctx)
	return err
}

// A query and an exec run the statement: SQLite interrupts it when its
// context ends. Reported, fixed.
func (s *events) count(ctx context.Context) (n int, err error) {
	if _, err := s.db.Exec("DELETE FROM e WHERE expired"); err != nil { // want `^s\.db\.Exec takes no context, so nothing cancels the query; use s\.db\.ExecContext\(ctx, \.\.\.\)$`
		return 0, err
	}
	err = s.db.QueryRow("SELECT count(*) FROM e").Scan(&n) // want `^s\.db\.QueryRow takes no context, so nothing cancels the query; use s\.db\.QueryRowContext\(ctx, \.\.\.\)$`
	return n, err
}
