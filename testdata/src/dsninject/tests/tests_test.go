package tests

import (
	"database/sql"
	"fmt"
	"os"
	"testing"
)

func TestOpen(t *testing.T) {
	port := os.Getenv("PGPORT")
	sql.Open("postgres", fmt.Sprintf("postgres://test:test@localhost:%s/test", port)) // want `^DSN for sql\.Open built from port: @ / \? & in a value can change host or options; build it with url\.URL$`
}
