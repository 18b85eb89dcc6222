// Package orm holds pooldeadlock's cases for ORMs: bun, gorm and ent.
package orm

import (
	"context"

	"github.com/uptrace/bun"
)

type Account struct{ ID, Balance int64 }

// ---- bun: BeginTx ----

// The insert is built on the pool, not on the transaction.
func bunTransfer(ctx context.Context, db *bun.DB, a *Account) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := tx.NewSelect().Model(a).For("UPDATE").Where("id = ?", a.ID).Scan(ctx); err != nil {
		return err
	}
	if _, err := db.NewInsert().Model(a).Exec(ctx); err != nil { // want `^db\.NewInsert\(\)\.Model\(\.\.\.\)\.Exec runs on the pool outside tx: it escapes the transaction, and N such calls deadlock a pool of N; build it on tx$`
		return err
	}
	return tx.Commit()
}

// The idiomatic twin: everything built on tx.
func bunTransferOnTx(ctx context.Context, db *bun.DB, a *Account) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := tx.NewSelect().Model(a).For("UPDATE").Where("id = ?", a.ID).Scan(ctx); err != nil {
		return err
	}
	if _, err := tx.NewInsert().Model(a).Exec(ctx); err != nil {
		return err
	}
	return tx.Commit()
}

// A builder kept in a variable is still the pool's; building it takes no
// connection.
func bunBuiltFirst(ctx context.Context, db *bun.DB, a *Account) error {
	q := db.NewSelect().Model(a)
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := q.Scan(ctx); err != nil { // want `^q\.Scan runs on the pool outside tx: it escapes the transaction, and N such calls deadlock a pool of N; build it on tx$`
		return err
	}
	return tx.Commit()
}

// ---- bun: RunInTx ----

func bunRunInTx(ctx context.Context, db *bun.DB, a *Account) error {
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewUpdate().Model(a).Set("balance = balance - 1").Where("id = ?", a.ID).Exec(ctx); err != nil {
			return err
		}
		_, err := db.NewInsert().Model(a).Exec(ctx) // want `^db\.NewInsert\(\)\.Model\(\.\.\.\)\.Exec runs on the pool outside the callback's tx: it escapes the transaction, and N such calls deadlock a pool of N; use tx$`
		return err
	})
}

// The idiomatic twin.
func bunRunInTxOnTx(ctx context.Context, db *bun.DB, a *Account) error {
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		_, err := tx.NewInsert().Model(a).Exec(ctx)
		return err
	})
}

// Another pool inside the callback is not this one.
func bunRunInTxReplica(ctx context.Context, db, replica *bun.DB, a *Account) error {
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		return replica.NewSelect().Model(a).Scan(ctx)
	})
}
