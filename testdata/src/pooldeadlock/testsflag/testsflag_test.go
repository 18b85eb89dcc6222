package testsflag

import (
	"context"
	"database/sql"
	"testing"
)

func TestUnlimited(t *testing.T) {
	var db *sql.DB
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	var n int
	_ = db.QueryRowContext(ctx, "SELECT count(*) FROM t").Scan(&n) // want `^db\.QueryRowContext takes a second connection while tx holds one: N such calls deadlock a pool of N; run it on tx$`
}
