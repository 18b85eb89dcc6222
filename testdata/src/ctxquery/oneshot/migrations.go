// Package oneshot holds ctxquery's cases for code that runs once per
// process (migrations, startup, CLI commands, seeding, a COPY IN's rows):
// silent by default with a context at hand, reported under -strict; and the
// request paths next to them, still reported.
package oneshot

import (
	"context"
	"database/sql"

	"github.com/pressly/goose/v3"
)

func init() {
	goose.AddMigrationContext(upUsers, downUsers)
	goose.AddMigrationNoTxContext(func(ctx context.Context, db *sql.DB) error {
		_, err := db.Exec("CREATE INDEX CONCURRENTLY users_email ON users (email)")
		return err
	}, nil)
}

// A Go migration registered with goose: it runs once, at deploy.
func upUsers(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.Exec("CREATE TABLE users (id bigint, email text)"); err != nil {
		return err
	}
	return backfill(ctx, tx)
}

func downUsers(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.Exec("DROP TABLE users")
	return err
}

// Called only by a migration.
func backfill(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.Exec("UPDATE users SET email = lower(email)")
	return err
}

// A function with goose's signature in a package that is not only there for
// migrations: it may serve requests.
func UpOrders(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.Exec("CREATE TABLE orders (id bigint)") // want `^tx\.Exec takes no context, so nothing cancels the query; use tx\.ExecContext\(ctx, \.\.\.\)$`
	return err
}

// A helper a migration calls and a request path calls too: reported.
func ensureIndex(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.Exec("CREATE INDEX IF NOT EXISTS i ON t (a)") // want `^tx\.Exec takes no context, so nothing cancels the query; use tx\.ExecContext\(ctx, \.\.\.\)$`
	return err
}

func upIndex(ctx context.Context, tx *sql.Tx) error { return ensureIndex(ctx, tx) }

func init() { goose.AddMigrationContext(upIndex, nil) }

// A request handler's service method, with a context on a request path.
func createOrder(ctx context.Context, tx *sql.Tx) error {
	if err := ensureIndex(ctx, tx); err != nil {
		return err
	}
	_, err := tx.Exec("INSERT INTO orders VALUES (1)") // want `^tx\.Exec takes no context, so nothing cancels the query; use tx\.ExecContext\(ctx, \.\.\.\)$`
	return err
}

// CreateOrder is exported: other packages call it from anywhere.
func CreateOrder(ctx context.Context, tx *sql.Tx) error { return createOrder(ctx, tx) }

// A goose migration's batch loop over a cursor: a for without condition
// that breaks on sql.ErrNoRows and does not wait runs once, like the
// statements around it.
func upCursor(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.Exec("DECLARE c CURSOR FOR SELECT id FROM t"); err != nil {
		return err
	}
	for {
		var id int64
		if err := tx.QueryRow("FETCH NEXT FROM c").Scan(&id); err != nil {
			if err == sql.ErrNoRows {
				break
			}
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE t SET n = n + 1 WHERE id = $1", id); err != nil {
			return err
		}
	}
	return nil
}

func init() { goose.AddMigrationContext(upCursor, nil) }
