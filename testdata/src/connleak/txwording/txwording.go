// Package txwording: what the message of a transaction left open says it
// holds and for how long (R10VT-D3). Begun with BeginTx(ctx, ...) and a
// context that can end, database/sql rolls it back when that context ends:
// "until ctx ends". Left open before any statement ran on it, it holds its
// connection but no lock yet. Begin(), context.Background() or a local
// variable holding it, and pgx's transactions (not rolled back on
// cancellation) say neither "until"; a statement before the return, or in
// a loop around it, keeps "and locks".
package txwording

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/jackc/pgx/v5/pgxpool"
)

type options struct{ Revisioned bool }

type treeTX struct {
	tx   *sql.Tx
	opts options
}

// beginTreeTx is trillian's: the settings are read after BeginTx, and their
// error return leaves the transaction open until the caller's ctx ends.
func beginTreeTx(ctx context.Context, db *sql.DB, settings []byte) (treeTX, error) {
	t, err := db.BeginTx(ctx, nil) // want `^t is left open on the return at line 35 until ctx ends, holding its connection; commit or roll back t on every path$`
	if err != nil {
		return treeTX{}, err
	}
	var o options
	if err := json.Unmarshal(settings, &o); err != nil {
		return treeTX{}, err
	}
	return treeTX{tx: t, opts: o}, nil
}

// withoutContext: Begin() has no context to end with.
func withoutContext(db *sql.DB, settings []byte) (*sql.Tx, error) {
	tx, err := db.Begin() // want `^tx is left open on the return at line 48, holding its connection; commit or roll back tx on every path$`
	if err != nil {
		return nil, err
	}
	var o options
	if err := json.Unmarshal(settings, &o); err != nil {
		return nil, err
	}
	return tx, nil
}

// background: a context that never ends.
func background(db *sql.DB, settings []byte) (*sql.Tx, error) {
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, nil) // want `^tx is left open on the return at line 62, holding its connection; commit or roll back tx on every path$`
	if err != nil {
		return nil, err
	}
	var o options
	if err := json.Unmarshal(settings, &o); err != nil {
		return nil, err
	}
	return tx, nil
}

// afterStatement: the statement before the return may hold locks.
func afterStatement(ctx context.Context, db *sql.DB, settings []byte) (*sql.Tx, error) {
	tx, err := db.BeginTx(ctx, nil) // want `^tx is left open on the return at line 79 until ctx ends, holding its connection and locks; commit or roll back tx on every path$`
	if err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE trees SET seen = now()"); err != nil {
		_ = tx.Rollback()
		return nil, err
	}
	var o options
	if err := json.Unmarshal(settings, &o); err != nil {
		return nil, err
	}
	return tx, nil
}

// inLoop: the statement after the return in source order runs before it
// in the next iteration.
func inLoop(ctx context.Context, db *sql.DB, all [][]byte) (*sql.Tx, error) {
	tx, err := db.BeginTx(ctx, nil) // want `^tx is left open on the return at line 94 until ctx ends, holding its connection and locks; commit or roll back tx on every path$`
	if err != nil {
		return nil, err
	}
	for _, settings := range all {
		var o options
		if err := json.Unmarshal(settings, &o); err != nil {
			return nil, err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE trees SET revisioned = $1", o.Revisioned); err != nil {
			return nil, err
		}
	}
	return tx, nil
}

// pgxTx: pgx does not roll a transaction back when its context ends.
func pgxTx(ctx context.Context, pool *pgxpool.Pool, settings []byte) error {
	tx, err := pool.Begin(ctx) // want `^tx is left open on the return at line 111, holding its connection; defer tx\.Rollback\(ctx\)$`
	if err != nil {
		return err
	}
	var o options
	if err := json.Unmarshal(settings, &o); err != nil {
		return err
	}
	return tx.Commit(ctx)
}
