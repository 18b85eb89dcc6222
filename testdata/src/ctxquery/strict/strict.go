// Package strict is analyzed with -ctxquery.strict: every call without a
// context is reported; a fix is offered only where a context is at hand.
package strict

import (
	"context"
	"database/sql"

	"github.com/jmoiron/sqlx"
)

var pool *sql.DB

var stmt, _ = pool.Prepare("SELECT 1") // want `^pool\.Prepare takes no context, so no deadline reaches it and nothing cancels the prepare; pass one with pool\.PrepareContext\(ctx, \.\.\.\)$`

func migrate(db *sql.DB) error {
	_, err := db.Exec("CREATE TABLE t (id int)") // want `^db\.Exec takes no context, so no deadline reaches it and nothing cancels the query; pass one with db\.ExecContext\(ctx, \.\.\.\)$`
	return err
}

func begin(x *sqlx.DB) *sqlx.Tx {
	return x.MustBegin() // want `^x\.MustBegin takes no context, so no deadline reaches it and cancelling never rolls it back; pass one with x\.MustBeginTx\(ctx, nil\)$`
}

func withContext(ctx context.Context, db *sql.DB) error {
	return db.Ping() // want `^db\.Ping takes no context, so nothing cancels the ping; use db\.PingContext\(ctx\)$`
}

// The detached check is the same in strict mode: the background is fine
// where nothing else is at hand.
func background(db *sql.DB) error {
	return db.PingContext(context.Background())
}

// Under -strict, rebinding a statement to a transaction is reported too:
// fixed with the context the transaction was begun with; on a transaction
// begun out of sight (a parameter), without a fix.
func rebind(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Stmt(stmt).ExecContext(ctx); err != nil { // want `^tx\.Stmt takes no context, so nothing cancels the prepare; use tx\.StmtContext\(ctx, \.\.\.\)$`
		return err
	}
	return tx.Commit()
}

func rebindParam(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.Stmt(stmt).ExecContext(ctx) // want `^tx\.Stmt takes no context, so nothing cancels the prepare; use tx\.StmtContext\(ctx, \.\.\.\)$`
	return err
}

// A same-package wrapper that drops the context: under -strict its call
// sites with a context at hand are reported too.
type conn struct{ db *sql.DB }

func (c *conn) exec(q string) error {
	_, err := c.db.Exec(q) // want `^c\.db\.Exec takes no context, so no deadline reaches it and nothing cancels the query; pass one with c\.db\.ExecContext\(ctx, \.\.\.\)$`
	return err
}

func (c *conn) execCtx(ctx context.Context, q string) error {
	_, err := c.db.ExecContext(ctx, q)
	return err
}

func handler(ctx context.Context, c *conn) error {
	if err := c.exec("DELETE FROM sessions"); err != nil { // want `^c\.exec drops ctx: c\.db\.Exec at line 60 runs without it; give exec a context parameter and pass ctx$`
		return err
	}
	return c.execCtx(ctx, "DELETE FROM tokens")
}
