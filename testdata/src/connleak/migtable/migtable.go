// Package migtable keeps its own migration table: the steps run once, at
// startup, and a transaction left open only on their error returns is not
// reported; the same code in a function that serves is.
package migtable

import (
	"database/sql"
	"fmt"
)

type migration struct {
	version string
	run     func(db *sql.DB) error
}

func newMigration(version string, run func(db *sql.DB) error) migration {
	return migration{version, run}
}

var migrations = []migration{
	newMigration("0.1.0", func(db *sql.DB) error {
		tx, err := db.Begin()
		if err != nil {
			return err
		}
		if _, err := tx.Exec("ALTER TABLE bookmark ADD COLUMN public INT"); err != nil {
			return err
		}
		return tx.Commit()
	}),
	newMigration("0.2.0", addIndex),
}

func addIndex(db *sql.DB) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	if _, err := tx.Exec("CREATE INDEX bookmark_url ON bookmark(url)"); err != nil {
		return err
	}
	return tx.Commit()
}

// Migrate runs the table.
func Migrate(db *sql.DB) error {
	for _, m := range migrations {
		if err := m.run(db); err != nil {
			return fmt.Errorf("migration %s: %w", m.version, err)
		}
	}
	return nil
}

// Publish serves: reported.
func Publish(db *sql.DB, id int64) error {
	tx, err := db.Begin() // want `^tx is left open on the return at line 62, holding its connection and locks; defer tx\.Rollback\(\)$`
	if err != nil {
		return err
	}
	if _, err := tx.Exec("UPDATE bookmark SET public = 1 WHERE id = $1", id); err != nil {
		return err
	}
	return tx.Commit()
}
