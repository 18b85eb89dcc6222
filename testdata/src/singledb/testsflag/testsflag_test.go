package testsflag

import (
	"database/sql"
	"testing"
)

func BenchmarkOpen(b *testing.B) {
	for i := 0; i < b.N; i++ {
		db, _ := sql.Open("postgres", "postgres://db/app") // want `^sql\.Open opens a pool in every iteration, each paying a connection handshake for one use; open it once before the loop$`
		_, _ = db.Exec("SELECT 1")
		db.Close()
	}
}
