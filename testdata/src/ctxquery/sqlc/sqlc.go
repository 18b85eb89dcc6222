// Package sqlc holds ctxquery's cases for sqlc-generated Queries,
// recognized by their shape: their methods are database calls that take
// the context first.
package sqlc

import (
	"context"
	"net/http"

	"example.com/sqlc/db"
	"example.com/sqlc/pgdb"
)

type Handler struct {
	q  *db.Queries
	pg *pgdb.Queries
}

func (h *Handler) Balance(ctx context.Context, id int64) (int64, error) {
	return h.q.GetBalance(context.Background(), id) // want `^h\.q\.GetBalance gets context\.Background\(\) though ctx is at hand: nothing cancels the query; pass ctx$`
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := h.pg.CreateTransfer(context.TODO(), 1, 2); err != nil { // want `^h\.pg\.CreateTransfer gets context\.TODO\(\) though r\.Context\(\) is at hand: nothing cancels the query; pass r\.Context\(\)$`
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

// The idiomatic twin.
func (h *Handler) BalanceOnCtx(ctx context.Context, id int64) (int64, error) {
	return h.q.GetBalance(ctx, id)
}

// No context at hand: nothing to pass.
func (h *Handler) Warm() {
	_, _ = h.q.ListPayments(context.Background())
}

// A method of another type taking a context first is no database call.
type cache struct{}

func (c *cache) Get(ctx context.Context, key string) string { return key }

func (h *Handler) Cached(ctx context.Context, c *cache) string {
	return c.Get(context.Background(), "k")
}
