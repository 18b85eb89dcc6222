// Package layers: the engine's decisions for issue 21's layers, as the
// probe prints them.
package layers

import (
	"context"
	"database/sql"
	"errors"

	"rowsclose/layers/closer"
)

type Rows struct{ *sql.Rows }

// A struct literal embedding the rows is the rows: closed through it.
func wrapped(db *sql.DB) {
	rows, err := db.Query("SELECT 1") // want `^Rows tracked$`
	if err != nil {
		return
	}
	w := &Rows{Rows: rows}
	defer w.Close()
}

// ... and left open through it.
func wrappedOpen(db *sql.DB) {
	rows, err := db.Query("SELECT 1") // want `^Rows tracked leak:end@33$`
	if err != nil {
		return
	}
	w := Rows{rows}
	_ = w.Err()
}

// Another package's io.Closer helper releases.
func closedElsewhere(db *sql.DB) {
	rows, err := db.Query("SELECT 1") // want `^Rows tracked$`
	if err != nil {
		return
	}
	defer closer.Quietly(rows)
}

func begin(ctx context.Context, db *sql.DB) (*sql.Tx, func() error, func() error, error) {
	tx, err := db.BeginTx(ctx, nil) // want `^Tx tracked escapes$`
	if err != nil {
		return nil, nil, nil, err
	}
	return tx, tx.Commit, func() error { return tx.Rollback() }, nil
}

func released(ctx context.Context, db *sql.DB) error {
	tx, commit, rollback, err := begin(ctx, db) // want `^Tx tracked releasers:commit,rollback$`
	if err != nil {
		return err
	}
	defer rollback()
	_ = tx
	return commit()
}

func leftOpen(ctx context.Context, db *sql.DB) error {
	_, commit, _, err := begin(ctx, db) // want `^Tx handed-over$`
	if err != nil {
		return err
	}
	return commit()
}

func lock(ctx context.Context, db *sql.DB) (func(), error) {
	c, err := db.Conn(ctx) // want `^Conn tracked escapes$`
	if err != nil {
		return nil, err
	}
	return func() { c.Close() }, nil
}

func locked(ctx context.Context, db *sql.DB, fail bool) error {
	release, err := lock(ctx, db) // want `^Conn tracked leak:return@84 releasers:release$`
	if err != nil {
		return err
	}
	if fail {
		return errors.New("failed")
	}
	release()
	return nil
}

type Repo struct{ tx *sql.Tx }

func newRepo(tx *sql.Tx, ok bool) (*Repo, error) {
	r := &Repo{tx: tx}
	if !ok {
		return nil, errors.New("not ok")
	}
	return r, nil
}

func open(ctx context.Context, db *sql.DB, ok bool) (*Repo, error) {
	tx, err := db.BeginTx(ctx, nil) // want `^Tx tracked escapes leak:return@105$`
	if err != nil {
		return nil, err
	}
	return newRepo(tx, ok)
}
