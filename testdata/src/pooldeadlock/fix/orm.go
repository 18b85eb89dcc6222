package fix

import (
	"context"

	"example.com/ent"
	"github.com/uptrace/bun"
)

type account struct{ ID int64 }

func bunBuilt(ctx context.Context, db *bun.DB, a *account) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := db.NewInsert().Model(a).Exec(ctx); err != nil { // want `^db\.NewInsert\(\)\.Model\(\.\.\.\)\.Exec runs on the pool outside tx: it escapes the transaction, and N such calls deadlock a pool of N; build it on tx$`
		return err
	}
	return tx.Commit()
}

func bunCallback(ctx context.Context, db *bun.DB, a *account) error {
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		_, err := db.NewInsert().Model(a).Exec(ctx) // want `^db\.NewInsert\(\)\.Model\(\.\.\.\)\.Exec runs on the pool outside the callback's tx: it escapes the transaction, and N such calls deadlock a pool of N; use tx$`
		return err
	})
}

// A builder made before the transaction: reported, not fixed.
func bunBuiltBefore(ctx context.Context, db *bun.DB, a *account) error {
	q := db.NewInsert().Model(a)
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := q.Exec(ctx); err != nil { // want `^q\.Exec runs on the pool outside tx: it escapes the transaction, and N such calls deadlock a pool of N; build it on tx$`
		return err
	}
	return tx.Commit()
}

func entCreate(ctx context.Context, client *ent.Client) error {
	tx, err := client.Tx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := client.User.Create().SetName("x").Save(ctx); err != nil { // want `^Save runs on the pool outside tx: it escapes the transaction, and N such calls deadlock a pool of N; build it on tx$`
		return err
	}
	return tx.Commit()
}
