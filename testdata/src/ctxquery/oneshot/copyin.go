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

// copyQuery builds a COPY ... FROM STDIN statement (a project's helper, as
// if written elsewhere).
func copyQuery(table string) string { return "COPY " + table + " FROM STDIN" }

// COPY IN from a query built by a helper: the statement is run with values
// and without any, which only a COPY accepts; the flush carries the context.
func importUsersHelper(ctx context.Context, tx *sql.Tx, users []user) error {
	stmt, err := tx.PrepareContext(ctx, copyQuery("users"))
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, u := range users {
		if _, err := stmt.Exec(u.ID, u.Email); err != nil {
			return err
		}
	}
	_, err = stmt.ExecContext(ctx)
	return err
}

// A helper's query run only with values: each Exec is a round trip.
func insertUsersHelper(ctx context.Context, tx *sql.Tx, users []user) error {
	stmt, err := tx.PrepareContext(ctx, copyQuery("users"))
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
