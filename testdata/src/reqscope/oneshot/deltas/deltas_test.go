package deltas

import (
	"context"
	"database/sql"
	"testing"
)

// A test that runs a migration, and its helpers, is no caller in
// production: the package is still nothing but migrations.
func TestUpVisibility(t *testing.T) {
	var tx *sql.Tx
	if err := UpVisibility(context.Background(), tx); err != nil {
		t.Fatal(err)
	}
	if _, err := currentVisibilities(context.Background(), tx); err != nil {
		t.Fatal(err)
	}
}

type Fake struct{}

func (Fake) Close() error { return nil }
