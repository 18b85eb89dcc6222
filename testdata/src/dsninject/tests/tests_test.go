package tests

import (
	"database/sql"
	"fmt"
	"os"
	"testing"
)

func TestOpen(t *testing.T) {
	port := os.Getenv("PGPORT")
	sql.Open("postgres", fmt.Sprintf("postgres://test:test@localhost:%s/test", port)) // want `^DSN for sql\.Open assembled from port: a value with @ / \? & can change host or options; use url\.URL and url\.UserPassword$`
}
