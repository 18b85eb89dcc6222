package store

import (
	"context"
	"testing"

	"example.com/svc/internal/latest"
	"example.com/svc/internal/sqltest/local"
)

func TestSave(t *testing.T) {
	ctx := context.Background()
	db, err := local.Open(ctx, "postgres://localhost/test")
	if err != nil {
		t.Skip(err)
	}
	defer db.Close()
	if err := Save(ctx, db); err != nil {
		t.Fatal(err)
	}
	_ = latest.Mark
}
