// Package initkeep registers a migration in its init, as initreg does, and
// the migration gives a closure to a helper that keeps it, and another to
// one that runs it in a goroutine: the closures may run at any time, so
// purge and flag, called only in them, do not run once.
package initkeep

import (
	"context"

	"example.com/migreg"
	"github.com/jmoiron/sqlx"
)

type migrator struct {
	db    *sqlx.DB
	later []func(tx *sqlx.Tx) error
}

func (m *migrator) keep(fn func(tx *sqlx.Tx) error) { // want `^runs once$`
	m.later = append(m.later, fn)
}

func (m *migrator) async(ctx context.Context, fn func(tx *sqlx.Tx) error) { // want `^runs once$`
	tx, err := m.db.BeginTxx(ctx, nil)
	if err != nil {
		return
	}
	go fn(tx)
}

func (m *migrator) purge(tx *sqlx.Tx) error {
	_, err := tx.Exec("DELETE FROM folders WHERE path = ''")
	return err
}

func (m *migrator) flag(tx *sqlx.Tx) error {
	_, err := tx.Exec("UPDATE files SET seen = 1")
	return err
}

func post32(ctx context.Context, db *sqlx.DB) error { // want `^runs once$`
	m := &migrator{db: db}
	m.keep(func(tx *sqlx.Tx) error { return m.purge(tx) })
	m.async(ctx, func(tx *sqlx.Tx) error { return m.flag(tx) })
	_, err := db.Exec("DROP TABLE `old_folders`")
	return err
}

func init() { // want `^runs once$`
	migreg.RegisterPostMigration(32, post32)
}
