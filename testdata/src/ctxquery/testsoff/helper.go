package testsoff

import (
	"context"
	"database/sql"
	"testing"
)

// Reset is a test helper outside a _test.go file: it takes a *testing.T,
// so it gets the tests treatment, silent.
func Reset(ctx context.Context, t *testing.T, db *sql.DB) {
	if _, err := db.Exec("TRUNCATE users"); err != nil {
		t.Fatal(err)
	}
}
