package orm

import (
	"context"

	"example.com/ent"
)

// The transaction locks the user; the query through the client waits for
// a second connection.
func entRename(ctx context.Context, client *ent.Client, id int) error {
	tx, err := client.Tx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.User.Query().ForUpdate().Only(ctx); err != nil {
		return err
	}
	if _, err := client.User.Create().SetName("x").Save(ctx); err != nil { // want `^Save runs on the pool outside tx: it escapes the transaction, and N such calls deadlock a pool of N; build it on tx$`
		return err
	}
	return tx.Commit()
}

// The idiomatic twin: through tx.
func entRenameOnTx(ctx context.Context, client *ent.Client, id int) error {
	tx, err := client.Tx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.User.Query().ForUpdate().Only(ctx); err != nil {
		return err
	}
	if _, err := tx.User.Create().SetName("x").Save(ctx); err != nil {
		return err
	}
	return tx.Commit()
}

// Another client is another pool.
func entReplica(ctx context.Context, client, replica *ent.Client) error {
	tx, err := client.Tx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := replica.User.Query().All(ctx); err != nil {
		return err
	}
	return tx.Commit()
}
