// Package pgx holds ctxquery's cases for pgx: every call takes a context,
// so the mistake is passing a detached one while the request's is at hand.
package pgx

import (
	"context"
	"net/http"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

func Handle(w http.ResponseWriter, r *http.Request, pool *pgxpool.Pool) {
	if _, err := pool.Exec(context.Background(), "UPDATE t SET seen = now()"); err != nil { // want `^pool\.Exec gets context\.Background\(\) though r\.Context\(\) is at hand: nothing cancels the query; pass r\.Context\(\)$`
		return
	}
	rows, err := pool.Query(context.TODO(), "SELECT 1") // want `^pool\.Query gets context\.TODO\(\) though r\.Context\(\) is at hand: nothing cancels the query; pass r\.Context\(\)$`
	if err == nil {
		rows.Close()
	}
	// pgx does not roll a transaction back when its context ends: the
	// context bounds the wait for a connection.
	tx, err := pool.Begin(context.Background()) // want `^pool\.Begin gets context\.Background\(\) though r\.Context\(\) is at hand: nothing cancels the wait for a connection; pass r\.Context\(\)$`
	if err != nil {
		return
	}
	defer func() { _ = tx.Rollback(r.Context()) }()
	_ = tx.Commit(r.Context())
}

func work(ctx context.Context, conn *pgx.Conn) error {
	_, err := conn.Exec(context.Background(), "SELECT 1") // want `^conn\.Exec gets context\.Background\(\) though ctx is at hand: nothing cancels the query; pass ctx$`
	return err
}

// A connect is not a query; a BEGIN on a connection is not rolled back by
// its context.
func connectAndBegin(ctx context.Context, dsn string) error {
	conn, err := pgx.Connect(context.Background(), dsn) // want `^pgx\.Connect gets context\.Background\(\) though ctx is at hand: nothing cancels the connect; pass ctx$`
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	tx, err := conn.Begin(context.TODO()) // want `^conn\.Begin gets context\.TODO\(\) though ctx is at hand: nothing cancels the BEGIN; pass ctx$`
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback(ctx) }()
	return tx.Commit(ctx)
}

// No context at hand: the background is right.
func background(pool *pgxpool.Pool) error {
	_, err := pool.Exec(context.Background(), "SELECT 1")
	return err
}
