// Package unlimited holds pooldeadlock's cases on pools that nothing in the
// package or its module limits: a database/sql pool (and sqlx's, gorm's on
// top of it) has no limit until SetMaxOpenConns gives one, so a second
// connection is always there and nothing deadlocks. pgxpool's pools always
// have a limit (MaxConns) and stay reported.
package unlimited

import (
	"context"
	"database/sql"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jmoiron/sqlx"
	"gorm.io/gorm"
)

type Audit struct{ ID int64 }

type DB struct {
	db   *sql.DB
	x    *sqlx.DB
	g    *gorm.DB
	pool *pgxpool.Pool
}

// readflow's outgoing webhooks: a transaction begun and the statements run
// on the pool; no limit, so no wait.
func (pg *DB) Create(ctx context.Context, name string) error {
	tx, err := pg.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := pg.db.ExecContext(ctx, "INSERT INTO hooks (name) VALUES ($1)", name); err != nil {
		return err
	}
	return tx.Commit()
}

// Rows held while the pool writes per row (the N+1 loop), through sqlx.
func (pg *DB) Reseal(ctx context.Context) error {
	rows, err := pg.x.QueryContext(ctx, "SELECT id FROM hooks")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return err
		}
		if _, err := pg.x.ExecContext(ctx, "UPDATE hooks SET sealed = true WHERE id = $1", id); err != nil {
			return err
		}
	}
	return rows.Err()
}

// gorm over database/sql: the same pool underneath.
func (pg *DB) Record(a *Audit) error {
	return pg.g.Transaction(func(tx *gorm.DB) error {
		return pg.g.Create(a).Error
	})
}

// pgxpool has a limit whatever the module does: reported.
func (pg *DB) Transfer(ctx context.Context, id int) error {
	tx, err := pg.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if _, err := pg.pool.Exec(ctx, "UPDATE accounts SET seen = true WHERE id = $1", id); err != nil { // want `^pg\.pool\.Exec takes a second connection while tx holds one: N such calls deadlock a pool of N; run it on tx$`
		return err
	}
	return tx.Commit(ctx)
}
