// Package initreg is stash's migrations (R7VS-D1, D2): functions with a Go
// migration's signature over sqlx's *sqlx.DB, registered in the package's
// own init with the project's registry. They run once per schema step, and
// so do the closures they give a helper that only calls them: silent with
// a context at hand. A closure the helper runs in a goroutine may run at any
// time: reported.
package initreg

import (
	"context"

	"example.com/migreg"
	"github.com/jmoiron/sqlx"
)

type migrator struct{ db *sqlx.DB }

func (m *migrator) withTxn(ctx context.Context, fn func(tx *sqlx.Tx) error) (err error) {
	tx, err := m.db.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		} else {
			err = tx.Commit()
		}
	}()
	return fn(tx)
}

// async runs fn in a goroutine.
func (m *migrator) async(ctx context.Context, fn func(tx *sqlx.Tx) error) {
	tx, err := m.db.BeginTxx(ctx, nil)
	if err != nil {
		return
	}
	go fn(tx)
}

func post32(ctx context.Context, db *sqlx.DB) error {
	m := &migrator{db: db}
	var n int
	if err := db.QueryRowx("SELECT COUNT(*) FROM files").Scan(&n); err != nil {
		return err
	}
	if err := m.withTxn(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.Exec("DROP TABLE `old_folders`")
		return err
	}); err != nil {
		return err
	}
	m.async(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.Exec("UPDATE files SET seen = 1") // want `^tx\.Exec takes no context, so nothing cancels the query; use tx\.ExecContext\(ctx, \.\.\.\)$`
		return err
	})
	return nil
}

func init() {
	migreg.RegisterPostMigration(32, post32)
}
