// Package initreg is stash's migrations: unexported functions with a Go
// migration's signature (sqlx's *sqlx.DB, a struct embedding *sql.Tx), each
// referred to once, as an argument of a registration made in the package's
// own init, with a registry of the project's own, and a schema change among
// its strings. They run once, and so does what only they reach, a helper
// method given a closure included.
package initreg

import (
	"context"
	"database/sql"
	"fmt"

	"example.com/migreg"
	"github.com/jmoiron/sqlx"
)

type migrator struct{ db *sqlx.DB }

func (m *migrator) withTxn(ctx context.Context, fn func(tx *sqlx.Tx) error) (err error) { // want `^runs once$`
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

type schema32Migrator struct {
	migrator
	cache map[string]int
}

func post32(ctx context.Context, db *sqlx.DB) error { // want `^runs once$`
	m := schema32Migrator{migrator: migrator{db: db}, cache: map[string]int{}}
	return m.migrateFolders(ctx)
}

func (m *schema32Migrator) migrateFolders(ctx context.Context) error { // want `^runs once$`
	for last := 0; ; {
		n := 0
		if err := m.withTxn(ctx, func(tx *sqlx.Tx) error {
			rows, err := tx.Query(fmt.Sprintf("SELECT id, path FROM folders WHERE id > %d LIMIT 1000", last))
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var id int
				var p string
				if err := rows.Scan(&id, &p); err != nil {
					return err
				}
				if err := m.folder(tx, p); err != nil {
					return err
				}
				last, n = id, n+1
			}
			return rows.Err()
		}); err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
	}
}

// folder is called only in the closure migrateFolders gives withTxn.
func (m *schema32Migrator) folder(tx *sqlx.Tx, p string) error { // want `^runs once$`
	if _, ok := m.cache[p]; ok {
		return nil
	}
	_, err := tx.Exec("INSERT INTO folders (path) VALUES (?)", p)
	return err
}

type wrapTx struct{ *sql.Tx }

func up33(tx *wrapTx) error { // want `^runs once$`
	_, err := tx.Exec("DROP TABLE `old_folders`")
	return err
}

func init() { // want `^runs once$`
	migreg.RegisterPostMigration(32, post32)
	migreg.RegisterTxMigration(33, up33)
}
