// Package rootctx holds ctxquery's cases for contexts that only the
// process's root context reaches: a context parameter of an unexported
// function whose every caller passes context.Background() (or another such
// parameter) carries no deadline, so it is no context at hand.
package rootctx

import (
	"context"
	"database/sql"
	"net/http"
)

// Run is a benchmark's loop: the only context is the process's own.
func Run(db *sql.DB, n int) {
	ctx := context.Background()
	for {
		step(ctx, db)
		if n--; n == 0 {
			return
		}
	}
}

func step(ctx context.Context, db *sql.DB) {
	db.Exec("INSERT INTO t VALUES (1)") // silent: every caller passes the root context
	deeper(ctx, db)
}

func deeper(ctx context.Context, db *sql.DB) {
	db.Exec("INSERT INTO t VALUES (2)") // silent: its only caller passes a detached parameter
}

// Serve gives shared a request's context, so its parameter is at hand.
func Serve(db *sql.DB) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		shared(r.Context(), db)
	}
}

func Background(db *sql.DB) {
	shared(context.Background(), db)
}

func shared(ctx context.Context, db *sql.DB) error {
	_, err := db.Exec("DELETE FROM t") // want `^db\.Exec takes no context, so nothing cancels the query; use db\.ExecContext\(ctx, \.\.\.\)$`
	return err
}

// asValue is also used as a value: not every caller can be seen.
func asValue(ctx context.Context, db *sql.DB) error {
	_, err := db.Exec("DELETE FROM u") // want `^db\.Exec takes no context, so nothing cancels the query; use db\.ExecContext\(ctx, \.\.\.\)$`
	return err
}

var hooks = []func(context.Context, *sql.DB) error{asValue}

func Hooks(db *sql.DB) {
	asValue(context.Background(), db)
}

// Exported: other packages may call it with a deadline.
func Exported(ctx context.Context, db *sql.DB) error {
	_, err := db.Exec("DELETE FROM v") // want `^db\.Exec takes no context, so nothing cancels the query; use db\.ExecContext\(ctx, \.\.\.\)$`
	return err
}

func CallsExported(db *sql.DB) {
	Exported(context.Background(), db)
}
