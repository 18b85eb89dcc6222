// Command pgx is the ledger service of the example, on pgx without
// database/sql: the same outage by pgx's roads. Each deliberate mistake
// carries a comment starting with "BUG(<analyzer>)" next to its idiomatic
// twin, which dbpoollint leaves alone. It is a module of its own, so that
// dbpoollint's module does not depend on pgx; lint it from here:
//
//	go build -o /tmp/dbpoollint ../../../cmd/dbpoollint && /tmp/dbpoollint ./...
package main

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"os"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

type Ledger struct {
	pool *pgxpool.Pool
}

type entry struct {
	ID     int64
	Amount int64
}

func main() {
	pool, err := openPool(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	defer pool.Close()
	l := &Ledger{pool: pool}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /entries", l.handleEntries)
	mux.HandleFunc("GET /balance", handleBalance)
	mux.HandleFunc("GET /balance/v2", l.handleBalanceShared)
	srv := &http.Server{Addr: ":8081", Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	log.Fatal(srv.ListenAndServe())
}

// openPool sizes the pool from the DSN's pool_max_conns, or 20.
func openPool(ctx context.Context) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(os.Getenv("LEDGER_DATABASE_URL"))
	if err != nil {
		return nil, err
	}
	// BUG(maxopenzero): ParseConfig always sets MaxConns (pool_max_conns, or
	// max(4, NumCPU)), so this fallback never applies and the pool runs at 4
	// connections on a small machine.
	if cfg.MaxConns <= 0 {
		cfg.MaxConns = 20
	}
	cfg.MaxConnLifetime = 30 * time.Minute
	return pgxpool.NewWithConfig(ctx, cfg)
}

// openPoolSized is the idiomatic twin: the limit is set, not guarded.
func openPoolSized(ctx context.Context) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(os.Getenv("LEDGER_DATABASE_URL"))
	if err != nil {
		return nil, err
	}
	cfg.MaxConns = 20
	return pgxpool.NewWithConfig(ctx, cfg)
}

// openReplica assembles its DSN from the environment.
func openReplica(ctx context.Context) (*pgxpool.Pool, error) {
	// BUG(dsninject): a password with @ or / rewrites the host; one with
	// ?sslmode=disable turns TLS off.
	dsn := "postgres://" + os.Getenv("REPLICA_USER") + ":" + os.Getenv("REPLICA_PASSWORD") + "@" + os.Getenv("REPLICA_HOST") + "/ledger"
	return pgxpool.New(ctx, dsn)
}

// openReplicaConfig is the twin: the values go into the config's fields.
func openReplicaConfig(ctx context.Context) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig("postgres:///ledger")
	if err != nil {
		return nil, err
	}
	cfg.ConnConfig.User = os.Getenv("REPLICA_USER")
	cfg.ConnConfig.Password = os.Getenv("REPLICA_PASSWORD")
	cfg.ConnConfig.Host = os.Getenv("REPLICA_HOST")
	return pgxpool.NewWithConfig(ctx, cfg)
}

// handleEntries lists a customer's entries.
func (l *Ledger) handleEntries(w http.ResponseWriter, r *http.Request) {
	es, err := l.entries(r.Context(), r.URL.Query().Get("customer"))
	if err != nil {
		http.Error(w, "failed", http.StatusInternalServerError)
		return
	}
	es2, err := l.entriesClosed(r.Context(), r.URL.Query().Get("customer"))
	if err != nil {
		http.Error(w, "failed", http.StatusInternalServerError)
		return
	}
	fmt.Fprintln(w, len(es), len(es2))
}

func (l *Ledger) entries(ctx context.Context, customer string) ([]entry, error) {
	rows, err := l.pool.Query(ctx, "SELECT id, amount FROM entries WHERE customer = $1", customer)
	if err != nil {
		return nil, err
	}
	var out []entry
	for rows.Next() {
		var e entry
		if err := rows.Scan(&e.ID, &e.Amount); err != nil {
			return nil, err
		}
		if e.Amount < 0 {
			// BUG(rowsclose): this return leaves the rows open: pgx closes them
			// only when Next returns false or Scan fails, so the connection
			// stays out of the pool, and pool.Close hangs on it.
			return nil, fmt.Errorf("entry %d is negative", e.ID)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// entriesClosed is the twin: pgx.CollectRows reads and closes the rows.
func (l *Ledger) entriesClosed(ctx context.Context, customer string) ([]entry, error) {
	rows, err := l.pool.Query(ctx, "SELECT id, amount FROM entries WHERE customer = $1", customer)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[entry])
}

// handleBalance opens a pool for every request.
func handleBalance(w http.ResponseWriter, r *http.Request) {
	// BUG(singledb): a pool per request: every request pays a TCP, TLS and
	// auth handshake, and under load the connections multiply until
	// PostgreSQL refuses them.
	pool, err := pgxpool.New(r.Context(), os.Getenv("LEDGER_DATABASE_URL"))
	if err != nil {
		http.Error(w, "failed", http.StatusInternalServerError)
		return
	}
	defer pool.Close()
	var n int64
	_ = pool.QueryRow(r.Context(), "SELECT sum(amount) FROM entries").Scan(&n)
	fmt.Fprintln(w, n)
}

// handleBalanceShared is the twin: the process-wide pool.
func (l *Ledger) handleBalanceShared(w http.ResponseWriter, r *http.Request) {
	var n int64
	// BUG(ctxquery): context.Background() though the request's context is at
	// hand: when the client gives up, the query runs on.
	_ = l.pool.QueryRow(context.Background(), "SELECT sum(amount) FROM entries").Scan(&n)
	var m int64
	_ = l.pool.QueryRow(r.Context(), "SELECT count(*) FROM entries").Scan(&m)
	fmt.Fprintln(w, n, m)
}

// transfer moves an amount between two accounts.
func (l *Ledger) transfer(ctx context.Context, from, to, amount int64) error {
	tx, err := l.pool.Begin(ctx)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, "UPDATE accounts SET balance = balance - $1 WHERE id = $2", amount, from); err != nil {
		// BUG(connleak): this return neither commits nor rolls back: the
		// transaction keeps its pool slot and its row locks.
		return err
	}
	if _, err := tx.Exec(ctx, "UPDATE accounts SET balance = balance + $1 WHERE id = $2", amount, to); err != nil {
		tx.Rollback(ctx)
		return err
	}
	return tx.Commit(ctx)
}

// transferAudited is the twin of transfer, and writes an audit row.
func (l *Ledger) transferAudited(ctx context.Context, from, to, amount int64) error {
	tx, err := l.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if _, err := tx.Exec(ctx, "UPDATE accounts SET balance = balance - $1 WHERE id = $2", amount, from); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, "UPDATE accounts SET balance = balance + $1 WHERE id = $2", amount, to); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, "INSERT INTO audit (from_id, to_id, amount) VALUES ($1, $2, $3)", from, to, amount); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// refund reads the balance through the pool while its transaction holds a
// connection.
func (l *Ledger) refund(ctx context.Context, id int64) error {
	tx, err := l.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback(ctx) }()
	var balance int64
	// BUG(pooldeadlock): a second connection from the pool while tx holds
	// one: at MaxConns concurrent refunds, each waits forever for a second
	// (pgx issue #2499).
	if err := l.pool.QueryRow(ctx, "SELECT balance FROM accounts WHERE id = $1", id).Scan(&balance); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, "UPDATE accounts SET balance = $1 WHERE id = $2", balance+10, id); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// refundOnTx is the twin: the read runs on the transaction.
func (l *Ledger) refundOnTx(ctx context.Context, id int64) error {
	tx, err := l.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback(ctx) }()
	var balance int64
	if err := tx.QueryRow(ctx, "SELECT balance FROM accounts WHERE id = $1", id).Scan(&balance); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, "UPDATE accounts SET balance = $1 WHERE id = $2", balance+10, id); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

var (
	_ = openPoolSized
	_ = openReplica
	_ = openReplicaConfig
	_ = (*Ledger).transfer
	_ = (*Ledger).transferAudited
	_ = (*Ledger).refund
	_ = (*Ledger).refundOnTx
)
