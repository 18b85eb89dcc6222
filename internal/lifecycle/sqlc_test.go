package lifecycle_test

import "testing"

// sqlc's generated query methods: :many closes its rows on every path,
// :one scans its row, :exec discards nothing; the engine finds no leak in
// them (the suite's generated-file policy aside).
func TestSqlcGeneratedMethodsReleaseTheirHandles(t *testing.T) {
	t.Parallel()
	probes.Check(t, "example.com/sqlc/db", "example.com/sqlc/pgdb")
}
