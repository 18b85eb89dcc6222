// Package unlimitedstrict: with -strict, a pool nothing limits is reported
// as any other.
package unlimitedstrict

import (
	"context"
	"database/sql"
)

type DB struct{ db *sql.DB }

func (pg *DB) Create(ctx context.Context, name string) error {
	tx, err := pg.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := pg.db.ExecContext(ctx, "INSERT INTO hooks (name) VALUES ($1)", name); err != nil { // want `^pg\.db\.ExecContext takes a second connection while tx holds one: N such calls deadlock a pool of N; run it on tx$`
		return err
	}
	return tx.Commit()
}
