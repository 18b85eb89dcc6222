// Package txbound holds ctxquery's cases for statements of a transaction:
// fixed only with the context the transaction was begun with in sight;
// reported without a fix on a transaction begun out of sight (a parameter,
// a field, the callback of a helper given a context); and silent on the
// callback of a helper given no context, which could only begin the
// transaction without the caller's (reported under -strict).
package txbound

import (
	"context"
	"database/sql"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jmoiron/sqlx"
)

// withTx begins the unit of work without a context: it is not tied to a
// request.
func withTx(db *sql.DB, fn func(*sql.Tx) error) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Silent: the helper takes no context, so the transaction is not bound to
// ctx, and cancelling one of its statements would change what it commits.
func load(ctx context.Context, db *sql.DB) (n int, err error) {
	_ = ctx // only for tracing
	err = withTx(db, func(tx *sql.Tx) error {
		if _, err := tx.Exec("UPDATE t SET seen = now()"); err != nil {
			return err
		}
		stmt, err := tx.Prepare("INSERT INTO log VALUES ($1)")
		if err != nil {
			return err
		}
		defer stmt.Close()
		if _, err := stmt.Exec(1); err != nil {
			return err
		}
		return tx.QueryRow(`SELECT count(*) FROM t`).Scan(&n)
	})
	return n, err
}

// The sqlx shape of the same helper (sliding-sync's sqlutil.WithTransaction).
func withTransaction(db *sqlx.DB, fn func(txn *sqlx.Tx) error) error {
	txn, err := db.Beginx()
	if err != nil {
		return err
	}
	if err := fn(txn); err != nil {
		txn.Rollback()
		return err
	}
	return txn.Commit()
}

func roomState(ctx context.Context, db *sqlx.DB) (ids []int64, name string, err error) {
	err = withTransaction(db, func(txn *sqlx.Tx) error {
		if err := txn.Select(&ids, `SELECT id FROM rooms`); err != nil {
			return err
		}
		return sqlx.Get(txn, &name, `SELECT name FROM rooms LIMIT 1`)
	})
	return ids, name, err
}

// A helper given the context may have begun the transaction with it, or
// not: reported, without a fix.
func withTxContext(ctx context.Context, db *sql.DB, fn func(*sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

var insert *sql.Stmt

func save(ctx context.Context, db *sql.DB) error {
	return withTxContext(ctx, db, func(tx *sql.Tx) error {
		if _, err := tx.Stmt(insert).Exec(2); err != nil { // want `^tx\.Stmt\(insert\)\.Exec takes no context, so nothing cancels the query; use tx\.Stmt\(insert\)\.ExecContext\(ctx, \.\.\.\)$`
			return err
		}
		_, err := tx.Exec("INSERT INTO t VALUES (1)") // want `^tx\.Exec takes no context, so nothing cancels the query; use tx\.ExecContext\(ctx, \.\.\.\)$`
		return err
	})
}

// A transaction that is a parameter of a named function: its caller began
// it, bound to a context this function cannot see. Reported, no fix.
type store struct {
	db *sql.DB
	tx *sql.Tx
}

func (s *store) insert(ctx context.Context, tx *sql.Tx, id int64) error {
	_, err := tx.Exec("INSERT INTO t VALUES ($1)", id) // want `^tx\.Exec takes no context, so nothing cancels the query; use tx\.ExecContext\(ctx, \.\.\.\)$`
	return err
}

// A field: begun out of sight. Reported, no fix.
func (s *store) touch(ctx context.Context) error {
	_, err := s.tx.Exec("UPDATE t SET seen = now()") // want `^s\.tx\.Exec takes no context, so nothing cancels the query; use s\.tx\.ExecContext\(ctx, \.\.\.\)$`
	return err
}

// Begun in sight with ctx: the statements take the same ctx (fixed),
// also in a literal that runs with it.
func (s *store) transfer(ctx context.Context) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("UPDATE a SET n = n - 1"); err != nil { // want `^tx\.Exec takes no context, so nothing cancels the query; use tx\.ExecContext\(ctx, \.\.\.\)$`
		return err
	}
	// Silent: the transaction holds its connection and is bound to ctx;
	// only the prepare's round trip ignores it (-strict reports it).
	stmt, err := tx.Prepare("UPDATE c SET n = n + 1")
	if err != nil {
		return err
	}
	defer stmt.Close()
	if _, err := stmt.Exec(); err != nil { // want `^stmt\.Exec takes no context, so nothing cancels the query; use stmt\.ExecContext\(ctx\)$`
		return err
	}
	step := func() error {
		_, err := tx.Exec("UPDATE b SET n = n + 1") // want `^tx\.Exec takes no context, so nothing cancels the query; use tx\.ExecContext\(ctx, \.\.\.\)$`
		return err
	}
	if err := step(); err != nil {
		return err
	}
	return tx.Commit()
}

// Begun in sight with another context than the one at hand (detached on
// purpose): the statement's fix would not bound the transaction. Reported,
// no fix.
func (s *store) detachedTx(ctx context.Context) error {
	tx, err := s.db.BeginTx(context.WithoutCancel(ctx), nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("UPDATE a SET n = n - 1"); err != nil { // want `^tx\.Exec takes no context, so nothing cancels the query; use tx\.ExecContext\(ctx, \.\.\.\)$`
		return err
	}
	stmt, err := tx.Prepare("UPDATE c SET n = n + 1") // want `^tx\.Prepare takes no context, so nothing cancels the prepare; use tx\.PrepareContext\(ctx, \.\.\.\)$`
	if err != nil {
		return err
	}
	defer stmt.Close()
	if _, err := stmt.ExecContext(ctx); err != nil {
		return err
	}
	return tx.Commit()
}

// A transaction that is a parameter (its caller's BeginTx is out of
// sight) or a field: its Prepare stays reported, without a fix.
func (s *store) setSteps(ctx context.Context, tx *sql.Tx) error {
	stmt, err := tx.Prepare("DELETE FROM steps WHERE id = $1") // want `^tx\.Prepare takes no context, so nothing cancels the prepare; use tx\.PrepareContext\(ctx, \.\.\.\)$`
	if err != nil {
		return err
	}
	defer stmt.Close()
	_, err = stmt.ExecContext(ctx, 1)
	return err
}

func (s *store) prepareOnField(ctx context.Context) (*sql.Stmt, error) {
	return s.tx.Prepare("SELECT 1") // want `^s\.tx\.Prepare takes no context, so nothing cancels the prepare; use s\.tx\.PrepareContext\(ctx, \.\.\.\)$`
}

// sqlx, begun in sight with ctx by BeginTxx: its Preparex, PrepareNamed
// and promoted Prepare are silent; its Exec stays reported (fixed).
func prepareSqlx(ctx context.Context, db *sqlx.DB) error {
	tx, err := db.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	stmt, err := tx.Preparex("UPDATE c SET n = n + 1")
	if err != nil {
		return err
	}
	defer stmt.Close()
	named, err := tx.PrepareNamed("UPDATE c SET n = :n")
	if err != nil {
		return err
	}
	defer named.Close()
	raw, err := tx.Prepare("UPDATE c SET n = 0")
	if err != nil {
		return err
	}
	defer raw.Close()
	if _, err := tx.Exec("UPDATE a SET n = n - 1"); err != nil { // want `^tx\.Exec takes no context, so nothing cancels the query; use tx\.ExecContext\(ctx, \.\.\.\)$`
		return err
	}
	return tx.Commit()
}

// sqlx, begun in sight with ctx: fixed.
func selectIDs(ctx context.Context, db *sqlx.DB) ([]int64, error) {
	txn := db.MustBeginTx(ctx, nil)
	defer txn.Rollback()
	var ids []int64
	if err := txn.Select(&ids, "SELECT id FROM t"); err != nil { // want `^txn\.Select takes no context, so nothing cancels the query; use txn\.SelectContext\(ctx, \.\.\.\)$`
		return nil, err
	}
	return ids, txn.Commit()
}

// pgx: BeginFunc begins the transaction with the context it is given, so
// the callback's statements may take it (fixed); a pgx.Tx parameter of a
// named function is begun out of sight (no fix); the callback of a helper
// given no context is silent.
func pgxBeginFunc(ctx context.Context, pool *pgxpool.Pool) error {
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		_, err := tx.Exec(context.Background(), "UPDATE t SET n = 1") // want `^tx\.Exec gets context\.Background\(\) though ctx is at hand: nothing cancels the query; pass ctx$`
		return err
	})
}

func pgxParam(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(context.Background(), "UPDATE t SET n = 2") // want `^tx\.Exec gets context\.Background\(\) though ctx is at hand: nothing cancels the query; pass ctx$`
	return err
}

func inPgxTx(pool *pgxpool.Pool, fn func(pgx.Tx) error) error {
	tx, err := pool.Begin(context.Background())
	if err != nil {
		return err
	}
	defer tx.Rollback(context.Background())
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit(context.Background())
}

func pgxHelper(ctx context.Context, pool *pgxpool.Pool) error {
	return inPgxTx(pool, func(tx pgx.Tx) error {
		_, err := tx.Exec(context.Background(), "UPDATE t SET n = 3")
		return err
	})
}

// Begun without a context, but every statement takes ctx and the
// transaction ends in sight: a cancelled statement fails and the code rolls
// back; only the BEGIN goes unbounded. Not reported (left to -strict).
func setPassword(ctx context.Context, db *sql.DB, user, pw string) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "SET LOCAL log_statement = 'none'"); err != nil {
		_ = tx.Rollback()
		return err
	}
	if _, err := tx.ExecContext(ctx, "ALTER ROLE app PASSWORD 'x'"); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// The same, but the transaction goes to a helper whose statements are out
// of sight: reported.
func setPasswordVia(ctx context.Context, db *sql.DB) error {
	tx, err := db.Begin() // want `^db\.Begin takes no context, so cancelling never rolls it back; use db\.BeginTx\(ctx, nil\)$`
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "SET LOCAL log_statement = 'none'"); err != nil {
		return err
	}
	if err := alter(ctx, tx); err != nil {
		return err
	}
	return tx.Commit()
}

func alter(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, "ALTER ROLE app PASSWORD 'x'")
	return err
}
