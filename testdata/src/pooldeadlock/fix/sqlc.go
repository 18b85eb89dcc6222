package fix

import (
	"context"
	"database/sql"

	"example.com/sqlc/db"
)

func audit(ctx context.Context, pool *sql.DB, id string) error {
	q := db.New(pool)
	tx, err := pool.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := q.CreateAudit(ctx, id); err != nil { // want `^q\.CreateAudit runs on the pool outside tx: it escapes the transaction, and N such calls deadlock a pool of N; use q\.WithTx\(tx\)$`
		return err
	}
	return tx.Commit()
}
