package tests

import (
	"database/sql"
	"fmt"
	"os"
	"testing"
)

func TestOpen(t *testing.T) {
	port := os.Getenv("PGPORT")
	sql.Open("postgres", fmt.Sprintf("postgres://test:test@localhost:%s/test", port)) // want `the DSN passed to sql.Open is assembled by fmt.Sprintf from port`
}
