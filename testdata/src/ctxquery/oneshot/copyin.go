package oneshot

import (
	"context"
	"database/sql"

	"github.com/lib/pq"
)

type user struct{ ID, Email string }

// COPY IN: each Exec with values buffers a row; the flush carries the
// context.
func importUsers(ctx context.Context, tx *sql.Tx, users []user) error {
	stmt, err := tx.PrepareContext(ctx, pq.CopyIn("users", "id", "email"))
	if err != nil {
		return err
	}
	for _, u := range users {
		if _, err := stmt.Exec(u.ID, u.Email); err != nil {
			return err
		}
	}
	if _, err := stmt.ExecContext(ctx); err != nil {
		return err
	}
	return stmt.Close()
}

// The flush without the context is the call that talks to the server.
func importUsersFlushNoContext(ctx context.Context, tx *sql.Tx, users []user) error {
	stmt, err := tx.PrepareContext(ctx, pq.CopyInSchema("app", "users", "id", "email"))
	if err != nil {
		return err
	}
	for _, u := range users {
		if _, err := stmt.Exec(u.ID, u.Email); err != nil {
			return err
		}
	}
	if _, err := stmt.Exec(); err != nil { // want `^stmt\.Exec takes no context, so nothing cancels the query; use stmt\.ExecContext\(ctx\)$`
		return err
	}
	return stmt.Close()
}

// An ordinary prepared statement: each Exec is a round trip.
func insertUsers(ctx context.Context, tx *sql.Tx, users []user) error {
	stmt, err := tx.PrepareContext(ctx, "INSERT INTO users VALUES ($1, $2)")
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, u := range users {
		if _, err := stmt.Exec(u.ID, u.Email); err != nil { // want `^stmt\.Exec takes no context, so nothing cancels the query; use stmt\.ExecContext\(ctx, \.\.\.\)$`
			return err
		}
	}
	return nil
}
