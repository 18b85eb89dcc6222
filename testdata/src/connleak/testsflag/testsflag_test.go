package testsflag

import (
	"context"
	"database/sql"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLockConnection(t *testing.T) {
	var db *sql.DB
	ctx := context.Background()
	conn, err := db.Conn(ctx) // want `^conn is not closed when the function ends, so it never returns to the pool; close conn on every path$`
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock(1)"); err != nil {
		t.Fatal(err)
	}
}

func TestNoErrorThenLeak(t *testing.T) {
	var db *sql.DB
	conn, err := db.Conn(context.Background()) // want `^conn is not closed when the function ends, so it never returns to the pool; close conn on every path$`
	require.NoError(t, err)
	_, err = conn.ExecContext(context.Background(), "SELECT 1")
	assert.NoError(t, err)
}
