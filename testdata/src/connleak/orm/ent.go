package orm

import (
	"context"

	"example.com/ent"
)

// The early return leaves the transaction open.
func entRename(ctx context.Context, client *ent.Client, id int) error {
	tx, err := client.Tx(ctx) // want `^tx is left open on the return at line 16, holding its connection and locks; defer tx\.Rollback\(\)$`
	if err != nil {
		return err
	}
	if _, err := tx.User.Create().SetName("x").Save(ctx); err != nil {
		return err
	}
	return tx.Commit()
}

// The idiomatic twin, as ent's documentation writes it.
func entRenameRolledBack(ctx context.Context, client *ent.Client, id int) error {
	tx, err := client.Tx(ctx)
	if err != nil {
		return err
	}
	if _, err := tx.User.Create().SetName("x").Save(ctx); err != nil {
		if rerr := tx.Rollback(); rerr != nil {
			return rerr
		}
		return err
	}
	return tx.Commit()
}
