// Package orm holds connleak's cases for ORMs: bun, gorm and ent.
package orm

import (
	"context"

	"github.com/uptrace/bun"
)

type Account struct{ ID, Balance int64 }

// The early return leaves the transaction open.
func bunTransfer(ctx context.Context, db *bun.DB, a *Account) error {
	tx, err := db.BeginTx(ctx, nil) // want `^tx is left open on the return at line 19 until ctx ends, holding its connection and locks; defer tx\.Rollback\(\)$`
	if err != nil {
		return err
	}
	if _, err := tx.NewInsert().Model(a).Exec(ctx); err != nil {
		return err
	}
	return tx.Commit()
}

// The idiomatic twin.
func bunTransferDeferred(ctx context.Context, db *bun.DB, a *Account) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.NewInsert().Model(a).Exec(ctx); err != nil {
		return err
	}
	return tx.Commit()
}

// RunInTx ends the transaction itself.
func bunRunInTx(ctx context.Context, db *bun.DB, a *Account) error {
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		_, err := tx.NewInsert().Model(a).Exec(ctx)
		return err
	})
}
