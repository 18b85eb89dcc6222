package a

import (
	"context"
	"database/sql"
	"errors"
	"log"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"connleak/txctx"
	"rowsclose/pgwrap"
)

var errBadAmount = errors.New("bad amount")

// ---- transactions ----

func transferLeaks(ctx context.Context, db *sql.DB, amount int) error {
	tx, err := db.BeginTx(ctx, nil) // want `^tx is left open on the return at line 29 until ctx ends, holding its connection and locks; defer tx\.Rollback\(\)$`
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = balance - $1", amount); err != nil {
		return err
	}
	if amount < 0 {
		return errBadAmount
	}
	return tx.Commit()
}

func transferDeferredRollback(ctx context.Context, db *sql.DB, amount int) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = balance - $1", amount); err != nil {
		return err
	}
	return tx.Commit()
}

func transferExplicitRollback(ctx context.Context, db *sql.DB, amount int) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = balance - $1", amount); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	return nil
}

func deferredDecision(ctx context.Context, db *sql.DB) (err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = tx.Rollback()
			return
		}
		err = tx.Commit()
	}()
	_, err = tx.ExecContext(ctx, "DELETE FROM sessions")
	return err
}

func fellOffTheEnd(db *sql.DB) {
	tx, err := db.Begin() // want `^tx is left open when the function ends, holding its connection and locks; defer tx\.Rollback\(\)$`
	if err != nil {
		log.Print(err)
		return
	}
	_, _ = tx.Exec("DELETE FROM sessions")
}

func discardedTx(ctx context.Context, db *sql.DB) error {
	db.Begin()                     // want `^this transaction is discarded and never ended, holding its connection; keep it and end it$`
	_, err := db.BeginTx(ctx, nil) // want `^this transaction is discarded and left open until ctx ends, holding its connection; keep it and end it$`
	return err
}

// ---- handed over ----

type Repo struct {
	db    *sql.DB
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
}

func (r *Repo) begin(ctx context.Context) (*sql.Tx, error) {
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	return tx, nil
}

func (r *Repo) current() *sql.Tx { return r.tx }

func (r *Repo) keep(ctx context.Context) error {
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	r.tx = tx
	return nil
}

// goose's shape: the transaction is handed to a function value.
func runInTx(ctx context.Context, db *sql.DB, fn func(context.Context, *sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(ctx, tx); err != nil {
		return err
	}
	return nil
}

func fromContext(ctx context.Context) error {
	tx := txctx.From(ctx) // a getter of another package: the caller does not own it
	_, err := tx.ExecContext(ctx, "DELETE FROM sessions")
	if err != nil {
		return err
	}
	tx2, err := txctx.Lookup(ctx)
	if err != nil {
		return err
	}
	_, err = tx2.ExecContext(ctx, "DELETE FROM sessions")
	return err
}

func toOtherPackage(ctx context.Context, db *sql.DB) (err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { err = txctx.Finish(tx, err) }()
	_, err = tx.ExecContext(ctx, "DELETE FROM sessions")
	return err
}

// ---- same-package helpers and functions ----

func endTx(tx *sql.Tx, err error) error {
	if err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

func insertSession(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, "INSERT INTO sessions DEFAULT VALUES")
	return err
}

func (r *Repo) helperEnds(ctx context.Context) error {
	tx, err := r.begin(ctx)
	if err != nil {
		return err
	}
	err = insertSession(ctx, tx)
	return endTx(tx, err)
}

func (r *Repo) helperDoesNotEnd(ctx context.Context) error {
	tx, err := r.begin(ctx) // want `^tx is left open on the return at line 192 until ctx ends, holding its connection and locks; defer tx\.Rollback\(\)$`
	if err != nil {
		return err
	}
	if err := insertSession(ctx, tx); err != nil {
		return err
	}
	cur := r.current() // a getter: not this function's to end
	_ = cur
	return tx.Commit()
}

// ---- sqlx, wrappers, interfaces ----

func sqlxMustBegin(db *sqlx.DB) error {
	tx := db.MustBegin() // want `^tx is left open on the return at line 204, holding its connection and locks; defer tx\.Rollback\(\)$`
	if _, err := tx.Exec("DELETE FROM sessions"); err != nil {
		return err
	}
	return tx.Commit()
}

func sqlxBeginx(db *sqlx.DB) error {
	tx, err := db.Beginx()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.MustExec("DELETE FROM sessions")
	return tx.Commit()
}

func wrapperTx(ctx context.Context, db *pgwrap.DB) error {
	tx, err := db.Begin(ctx) // want `^tx is left open on the return at line 225 until ctx ends, holding its connection and locks; defer tx\.Rollback\(\)$`
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM sessions"); err != nil {
		return err
	}
	return tx.Commit()
}

type Beginner interface {
	BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error)
}

func throughInterface(ctx context.Context, b Beginner) error {
	tx, err := b.BeginTx(ctx, nil) // want `^tx is left open on the return at line 240 until ctx ends, holding its connection and locks; defer tx\.Rollback\(\)$`
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM sessions"); err != nil {
		return err
	}
	return tx.Commit()
}

func methodValue(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	rollback := tx.Rollback
	defer rollback()
	return tx.Commit()
}

// ---- generics ----

type ender interface {
	Commit() error
	Rollback() error
}

func end[T ender](tx T, err error) error {
	if err != nil {
		return tx.Rollback()
	}
	return tx.Commit()
}

func genericEnd(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, "DELETE FROM sessions")
	return end(tx, err)
}

func withTx[T any](ctx context.Context, db *sql.DB, q string) (T, error) {
	var zero T
	tx, err := db.BeginTx(ctx, nil) // want `^tx is left open on the return at line 285 until ctx ends, holding its connection and locks; defer tx\.Rollback\(\)$`
	if err != nil {
		return zero, err
	}
	if _, err := tx.ExecContext(ctx, q); err != nil {
		return zero, err
	}
	return zero, tx.Commit()
}

// ---- closures, phi-like assignments, loops ----

func retry(f func() error) error { return f() }

func insideClosure(ctx context.Context, db *sql.DB) error {
	return retry(func() error {
		tx, err := db.BeginTx(ctx, nil) // want `^tx is left open on the return at line 301 until ctx ends, holding its connection and locks; defer tx\.Rollback\(\)$`
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM sessions"); err != nil {
			return err
		}
		return tx.Commit()
	})
}

func readOnlyOrNot(ctx context.Context, db *sql.DB, ro bool) error {
	var tx *sql.Tx
	var err error
	if ro {
		tx, err = db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	} else {
		tx, err = db.BeginTx(ctx, nil)
	}
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return tx.Commit()
}

func perItem(ctx context.Context, db *sql.DB, items []string) error {
outer:
	for _, it := range items {
		tx, err := db.BeginTx(ctx, nil) // want `^tx is left open when the loop runs db\.BeginTx again, holding its connection and locks; commit or roll back tx in each iteration$`
		if err != nil {
			return err
		}
		for _, part := range []string{it, it + "!"} {
			if part == "" {
				continue outer
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO t VALUES ($1)", part); err != nil {
				_ = tx.Rollback()
				break outer
			}
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

func perItemCommitted(ctx context.Context, db *sql.DB, items []string) error {
	for _, it := range items {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback() // Commit below ends every iteration's transaction
		if _, err := tx.ExecContext(ctx, "INSERT INTO t VALUES ($1)", it); err != nil {
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// A batch importer: the transaction exists exactly when cur != 0. The
// graph does not know that; conditions on what the producer ran under are
// not trusted either way.
func batches(db *sql.DB, items <-chan string) error {
	var (
		tx  *sql.Tx
		err error
		cur = 0
	)
	for it := range items {
		if cur == 0 {
			tx, err = db.Begin()
			if err != nil {
				continue
			}
		}
		if _, err := tx.Exec("INSERT INTO t VALUES ($1)", it); err != nil {
			_ = tx.Rollback()
			return err
		}
		cur++
		if cur%100 == 0 {
			if err := tx.Commit(); err != nil {
				return err
			}
			cur = 0
		}
	}
	if cur == 0 {
		return nil
	}
	return tx.Commit()
}

type options struct{ UseTx bool }

func optionalTx(db *sql.DB, opt options) error {
	var tx *sql.Tx
	if opt.UseTx {
		var err error
		if tx, err = db.Begin(); err != nil {
			return err
		}
	}
	if _, err := db.Exec("DELETE FROM t"); err != nil {
		if opt.UseTx {
			_ = tx.Rollback()
		}
		return err
	}
	if opt.UseTx {
		return tx.Commit()
	}
	return nil
}

// ---- connections ----

func connLeaks(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx) // want `^conn is not closed on the return at line 426, so it never returns to the pool; defer conn\.Close\(\)$`
	if err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, "SET search_path TO app"); err != nil {
		return err
	}
	return conn.Close()
}

func connClosed(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(any) error { return nil })
}

type Driver struct{ conn *sql.Conn }

func connHandedOver(ctx context.Context, db *sql.DB) (*Driver, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	return &Driver{conn: conn}, nil
}

func connPerIteration(ctx context.Context, db *sql.DB, n int) error {
	for i := 0; i < n; i++ {
		conn, err := db.Conn(ctx)
		if err != nil {
			return err
		}
		defer conn.Close() // want `^conn\.Close deferred in the loop at line 451 runs only at return: each iteration keeps a connection open; end it in the iteration$`
		if err := conn.PingContext(ctx); err != nil {
			return err
		}
	}
	return nil
}

func wrapperConn(ctx context.Context, db *pgwrap.DB) error {
	c, err := db.Acquire(ctx) // want `^c is not closed on the return at line 470, so it never returns to the pool; defer c\.Close\(\)$`
	if err != nil {
		return err
	}
	if err := c.PingContext(ctx); err != nil {
		return err
	}
	return c.Close()
}

// ---- prepared statements ----

func stmtLeaks(ctx context.Context, db *sql.DB, ids []int) error {
	stmt, err := db.PrepareContext(ctx, "DELETE FROM t WHERE id = $1") // want `^stmt is not closed on the return at line 484, leaving it prepared on the server; defer stmt\.Close\(\)$`
	if err != nil {
		return err
	}
	for _, id := range ids {
		if _, err := stmt.ExecContext(ctx, id); err != nil {
			return err
		}
	}
	return stmt.Close()
}

func stmtClosed(db *sql.DB) error {
	stmt, err := db.Prepare("DELETE FROM t WHERE id = $1")
	if err != nil {
		return err
	}
	defer stmt.Close()
	_, err = stmt.Exec(1)
	return err
}

func (r *Repo) stmtCached(q string) (*sql.Stmt, error) {
	if s, ok := r.stmts[q]; ok {
		return s, nil
	}
	s, err := r.db.Prepare(q)
	if err != nil {
		return nil, err
	}
	r.stmts[q] = s
	return s, nil
}

func (r *Repo) useCached() error {
	s, err := r.stmtCached("DELETE FROM t") // not fresh: the cache owns it
	if err != nil {
		return err
	}
	_, err = s.Exec()
	return err
}

func stmtDiscarded(db *sql.DB) error {
	_, err := db.Prepare("SELECT nonsense") // want `^this statement is discarded and never closed, leaving it prepared on the server; keep it and end it$`
	return err
}

func stmtOtherPackageHelper(db *sql.DB) error {
	stmt, err := db.Prepare("DELETE FROM t")
	if err != nil {
		return err
	}
	defer txctx.MustClose(stmt)
	_, err = stmt.Exec()
	return err
}

func stmtOnConn(ctx context.Context, conn *sql.Conn) error {
	stmt, err := conn.PrepareContext(ctx, "DELETE FROM t") // want `^stmt is not closed on the return at line 542, leaving it prepared on the server; defer stmt\.Close\(\)$`
	if err != nil {
		return err
	}
	_, err = stmt.ExecContext(ctx)
	return err
}

func namedStmt(db *sqlx.DB) error {
	ns, err := db.PrepareNamed("DELETE FROM t WHERE id = :id") // want `^ns is not closed on the return at line 551, leaving it prepared on the server; defer ns\.Close\(\)$`
	if err != nil {
		return err
	}
	_, err = ns.Exec(map[string]any{"id": 1})
	return err
}

// sqlclosecheck reported these: statements prepared on a transaction are
// closed by its Commit or Rollback.
func stmtOnTx(ctx context.Context, db *sql.DB, x *sqlx.DB, prepared *sql.Stmt) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	ins, err := tx.PrepareContext(ctx, "INSERT INTO t VALUES ($1)")
	if err != nil {
		return err
	}
	if _, err := ins.ExecContext(ctx, 1); err != nil {
		return err
	}
	bound := tx.StmtContext(ctx, prepared)
	if _, err := bound.ExecContext(ctx, 2); err != nil {
		return err
	}
	xtx := x.MustBegin()
	defer xtx.Rollback()
	xs, err := xtx.Preparex("INSERT INTO t VALUES ($1)")
	if err != nil {
		return err
	}
	xs.MustExec(3)
	xs2, err := sqlx.Preparex(xtx, "INSERT INTO t VALUES ($1)")
	if err != nil {
		return err
	}
	xs2.MustExec(4)
	if err := xtx.Commit(); err != nil {
		return err
	}
	return tx.Commit()
}

type Preparer interface {
	PrepareContext(ctx context.Context, q string) (*sql.Stmt, error)
}

// A statement from an interface may come from a transaction: not followed.
func stmtFromInterface(ctx context.Context, p Preparer) error {
	stmt, err := p.PrepareContext(ctx, "DELETE FROM t")
	if err != nil {
		return err
	}
	_, err = stmt.ExecContext(ctx)
	return err
}

func unsafeView(db *sqlx.DB) error {
	ns, err := db.PrepareNamed("DELETE FROM t WHERE id = :id")
	if err != nil {
		return err
	}
	defer ns.Close()
	u := ns.Unsafe() // the same statement: not a new one to close
	_, err = u.Exec(map[string]any{"id": 1})
	return err
}

// ---- the transaction's context, cancelled, rolls it back ----

func cancelledTx(ctx context.Context, db *sql.DB) error {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM t"); err != nil {
		return err
	}
	return tx.Commit()
}

func cancelNotForConn(ctx context.Context, db *sql.DB) error {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	conn, err := db.Conn(ctx) // want `^conn is not closed on the return at line 638, so it never returns to the pool; defer conn\.Close\(\)$`
	if err != nil {
		return err
	}
	return conn.PingContext(ctx)
}

// ---- paths that end the test do not count ----

func TestTx(t *testing.T) {
	var db *sql.DB
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec("DELETE FROM t"); err != nil {
		t.Fatalf("exec: %v", err)
	}
	if err := tx.Commit(); err != nil {
		t.Error(err)
	}
}

// ---- exported for package b ----

// EndTx commits or rolls back.
func EndTx(tx *sql.Tx, err error) error { return endTx(tx, err) }

// Insert uses the transaction without ending it; package b cannot see that.
func Insert(ctx context.Context, tx *sql.Tx) error { return insertSession(ctx, tx) }

// Begin starts a transaction for the caller.
func Begin(ctx context.Context, db *sql.DB) (*sql.Tx, error) { return db.BeginTx(ctx, nil) }

func TestIsolation(t *testing.T) {
	var db *sql.DB
	for _, supported := range []bool{true, false} {
		tx, err := db.BeginTx(context.Background(), nil)
		if !supported {
			require.Error(t, err) // the test expects BeginTx to fail: no transaction
			return
		}
		require.NoError(t, err)
		t.Cleanup(func() { _ = tx.Rollback() })
	}
}

func TestBeginFails(t *testing.T) {
	var db *sql.DB
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := db.BeginTx(ctx, nil); err == nil {
		t.Fatal("expected an error")
	}
	_, err := db.Prepare("not sql")
	require.Error(t, err)
}

func TestNoErrorThenLeak(t *testing.T) {
	var db *sql.DB
	conn, err := db.Conn(context.Background()) // one connection until the test ends: reported with -tests (connleak/testsflag)
	require.NoError(t, err)
	_, err = conn.ExecContext(context.Background(), "SELECT 1")
	assert.NoError(t, err)
}

// ---- suppression ----

// A leaked handle is reported at its producer: the directive goes there.
func suppressed(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil) //dbpoollint:ignore connleak the caller cancels ctx, which rolls the transaction back
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, "SELECT 1")
	return err
}

// ---- a same-package helper that never returns ends the paths through it ----

// die never returns.
func die(msg string) { log.Fatal(msg) }

func txModeOrDie(db *sql.DB, mode int) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	switch mode {
	case 1:
		return tx.Commit()
	case 2:
		return tx.Rollback()
	default:
		die("unknown mode")
	}
	return nil // reached only through die, which never returns
}
