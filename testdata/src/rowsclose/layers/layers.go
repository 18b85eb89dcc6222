// Package layers: the layers real services put between their code and the
// rows: a repository type embedding the rows, a close helper taking only an
// io.Closer.
package layers

import (
	"context"
	"database/sql"
	"io"
	"log"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"rowsclose/layers/closer"
)

type Repo struct{ pool *pgxpool.Pool }

// UserRows is a repository's cursor: pgx's rows, embedded.
type UserRows struct {
	pgx.Rows
}

func (r *Repo) ListUsers(ctx context.Context) (*UserRows, error) {
	rows, err := r.pool.Query(ctx, "SELECT name FROM users")
	if err != nil {
		return nil, err
	}
	return &UserRows{Rows: rows}, nil
}

// User scans the current row.
func (u *UserRows) User() (string, error) {
	var s string
	err := u.Scan(&s)
	return s, err
}

func names(ctx context.Context, r *Repo) ([]string, error) {
	users, err := r.ListUsers(ctx) // want `^users\.Err is never checked after the Next loop at line 47: an error reads as the end of the rows; check users\.Err\(\) when Next returns false$`
	if err != nil {
		return nil, err
	}
	defer users.Close()
	var out []string
	for users.Next() {
		s, err := users.User()
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

func namesChecked(ctx context.Context, r *Repo) ([]string, error) {
	users, err := r.ListUsers(ctx)
	if err != nil {
		return nil, err
	}
	defer users.Close()
	var out []string
	for users.Next() {
		s, err := users.User()
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, users.Err()
}

// Cursor wraps the rows in a field of its own and delegates Next and Err.
type Cursor struct {
	rows pgx.Rows
}

func (c *Cursor) Next() bool   { return c.rows.Next() }
func (c *Cursor) Err() error   { return c.rows.Err() }
func (c *Cursor) Close() error { c.rows.Close(); return nil }

func sqlIDs(ctx context.Context, db *sql.DB) ([]int, error) {
	rows, err := db.QueryContext(ctx, "SELECT id FROM t") // want `^rows\.Err is never checked after the Next loop at line 90: an error reads as the end of the rows; check rows\.Err\(\) when Next returns false$`
	if err != nil {
		return nil, err
	}
	defer closer.Quietly(rows)
	var ids []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

func sqlIDsChecked(ctx context.Context, db *sql.DB) ([]int, error) {
	rows, err := db.QueryContext(ctx, "SELECT id FROM t")
	if err != nil {
		return nil, err
	}
	defer closer.Quietly(rows)
	var ids []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// closeQuietly is the same helper in this package.
func closeQuietly(c io.Closer) {
	if err := c.Close(); err != nil {
		log.Print(err)
	}
}

func sqlIDsHere(ctx context.Context, db *sql.DB) ([]int, error) {
	rows, err := db.QueryContext(ctx, "SELECT id FROM t") // want `^rows\.Err is never checked after the Next loop at line 131: an error reads as the end of the rows; check rows\.Err\(\) when Next returns false$`
	if err != nil {
		return nil, err
	}
	defer closeQuietly(rows)
	var ids []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// The rows wrapped in the function: the wrapper is the same rows.
func wrappedHere(ctx context.Context, pool *pgxpool.Pool) ([]string, error) {
	rows, err := pool.Query(ctx, "SELECT name FROM users") // want `^rows\.Err is never checked after the Next loop at line 150: an error reads as the end of the rows; check rows\.Err\(\) when Next returns false$`
	if err != nil {
		return nil, err
	}
	users := &UserRows{Rows: rows}
	defer users.Close()
	var out []string
	for users.Next() {
		s, err := users.User()
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

func wrappedHereChecked(ctx context.Context, pool *pgxpool.Pool) ([]string, error) {
	rows, err := pool.Query(ctx, "SELECT name FROM users")
	if err != nil {
		return nil, err
	}
	users := &UserRows{Rows: rows}
	defer users.Close()
	var out []string
	for users.Next() {
		s, err := users.User()
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, users.Err()
}

// A cursor holding the rows in a field of its own, delegating Next and Err.
func cursorHere(ctx context.Context, pool *pgxpool.Pool) (int, error) {
	rows, err := pool.Query(ctx, "SELECT 1")
	if err != nil {
		return 0, err
	}
	c := &Cursor{rows: rows}
	defer c.Close()
	n := 0
	for c.Next() {
		n++
	}
	return n, c.Err()
}

// All drains the repository's rows, its receiver, and forgets their Err.
func (u *UserRows) All() ([]string, error) {
	defer u.Close()
	var out []string
	for u.Next() { // want `^u\.Err is never checked after this Next loop: an error reads as the end of the rows; check u\.Err\(\) when Next returns false$`
		s, err := u.User()
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

func all(ctx context.Context, r *Repo) ([]string, error) {
	users, err := r.ListUsers(ctx)
	if err != nil {
		return nil, err
	}
	return users.All()
}

// AllChecked checks them.
func (u *UserRows) AllChecked() ([]string, error) {
	defer u.Close()
	var out []string
	for u.Next() {
		s, err := u.User()
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, u.Err()
}

func allChecked(ctx context.Context, r *Repo) ([]string, error) {
	users, err := r.ListUsers(ctx)
	if err != nil {
		return nil, err
	}
	return users.AllChecked()
}

// A variadic close helper of another package.
func sqlIDsAll(ctx context.Context, db *sql.DB) ([]int, error) {
	rows, err := db.QueryContext(ctx, "SELECT id FROM t") // want `^rows\.Err is never checked after the Next loop at line 245: an error reads as the end of the rows; check rows\.Err\(\) when Next returns false$`
	if err != nil {
		return nil, err
	}
	defer closer.All(rows)
	var ids []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// Rows given to a registry's method: kept for later, whoever has them may
// check.
func sqlIDsRegistered(ctx context.Context, db *sql.DB, reg *closer.Registry) ([]int, error) {
	rows, err := db.QueryContext(ctx, "SELECT id FROM t")
	if err != nil {
		return nil, err
	}
	reg.Add(rows)
	var ids []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}
