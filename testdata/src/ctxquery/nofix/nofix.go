// Package nofix has findings whose mechanical rewrite would not compile or
// not be exactly right: reported, with no fix.
package nofix

import (
	"context"
	"database/sql"

	"github.com/jmoiron/sqlx"
)

// Store embeds the pool and declares its own QueryContext: renaming Query
// would call the user's method, not database/sql's twin.
type Store struct {
	*sql.DB
}

func (s *Store) QueryContext(ctx context.Context, query string) (*sql.Rows, error) {
	return s.DB.QueryContext(ctx, query)
}

func ownTwin(ctx context.Context, s *Store) {
	rows, err := s.Query("SELECT 1") // want `^s\.Query takes no context, so nothing cancels the query; use s\.QueryContext\(ctx, \.\.\.\)$`
	if err == nil {
		rows.Close()
	}
}

func queryAndArgs() (string, any) { return "SELECT $1", 1 }

// f(g()) with g returning several values: the context cannot be inserted.
func tupleArgs(ctx context.Context, db *sql.DB) {
	rows, err := db.Query(queryAndArgs()) // want `^db\.Query takes no context, so nothing cancels the query; use db\.QueryContext\(ctx, \.\.\.\)$`
	if err == nil {
		rows.Close()
	}
}

// A method value: the binding, not the call, would have to change.
func methodValue(ctx context.Context, db *sql.DB) {
	ping := db.Ping
	ping() // want `^ping \(db\.Ping\) takes no context, so nothing cancels the ping; use db\.PingContext\(ctx\)$`
}

// sqlx's package functions need a QueryerContext (ExtContext, ...).
func sqlxFuncs(ctx context.Context, q sqlx.Queryer, e sqlx.Ext) {
	var n int
	sqlx.Get(q, &n, "SELECT 1")                                                // want `^sqlx\.Get takes no context, so nothing cancels the query; use sqlx\.GetContext\(ctx, \.\.\.\) \(q must implement sqlx\.QueryerContext\)$`
	sqlx.NamedExec(e, "DELETE FROM t WHERE id = :id", map[string]any{"id": 1}) // want `^sqlx\.NamedExec takes no context, so nothing cancels the query; use sqlx\.NamedExecContext\(ctx, \.\.\.\) \(e must implement sqlx\.ExtContext\)$`
}
