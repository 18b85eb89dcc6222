// Package pgx holds singledb's cases for pgx used natively: a pool or a
// connection opened per request, per call, per iteration.
package pgx

import (
	"context"
	"net/http"
	"os"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

var dsn = os.Getenv("DATABASE_URL")

// One connection per request: a handshake per request all the same.
func HandleConnect(w http.ResponseWriter, r *http.Request) {
	conn, err := pgx.Connect(r.Context(), dsn) // want `^pgx\.Connect in this HTTP handler opens a connection per request, so connections multiply under load; use a \*pgxpool\.Pool opened at startup$`
	if err != nil {
		return
	}
	defer conn.Close(r.Context())
	_ = conn.Ping(r.Context())
}

func HandleNewWithConfig(w http.ResponseWriter, r *http.Request, cfg *pgxpool.Config) {
	pool, err := pgxpool.NewWithConfig(r.Context(), cfg) // want `^pgxpool\.NewWithConfig in this HTTP handler opens a pool per request, so connections multiply under load; open one at startup$`
	if err != nil {
		return
	}
	defer pool.Close()
	_ = pool.Ping(r.Context())
}

// ping opens its own connection per call.
func ping(ctx context.Context) error {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	return conn.Ping(ctx)
}

func HandlePing(w http.ResponseWriter, r *http.Request) {
	_ = ping(r.Context()) // want `^ping opens a connection per call, so one per request in this HTTP handler: connections multiply under load; use a \*pgxpool\.Pool opened at startup$`
}

// One pool per iteration.
func importAll(ctx context.Context, ids []int) error {
	for _, id := range ids {
		pool, err := pgxpool.New(ctx, dsn) // want `^pgxpool\.New opens a pool in every iteration, each paying a connection handshake for one use; open it once before the loop$`
		if err != nil {
			return err
		}
		_, err = pool.Exec(ctx, "INSERT INTO t VALUES ($1)", id)
		pool.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// The idiomatic twin: one pool for the process, shared by the handlers.
type Server struct{ pool *pgxpool.Pool }

func NewServer(ctx context.Context) (*Server, error) {
	pool, err := pgxpool.New(ctx, dsn)
	if err != nil {
		return nil, err
	}
	return &Server{pool: pool}, nil
}

func (s *Server) HandleShared(w http.ResponseWriter, r *http.Request) {
	_ = s.pool.Ping(r.Context())
}
