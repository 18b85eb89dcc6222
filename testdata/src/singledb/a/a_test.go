package a

import (
	"database/sql"
	"net/http"
	"net/http/httptest"
	"testing"
)

// Tests open pools as they like: in test handlers, in loops, per call.
func TestHandler(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		db, _ := sql.Open("postgres", dsn)
		defer db.Close()
		_, _ = loadTotals(r.Context())
	}))
	defer srv.Close()
}

func BenchmarkOpen(b *testing.B) {
	for i := 0; i < b.N; i++ {
		db, _ := sql.Open("postgres", dsn)
		db.Close()
	}
}
