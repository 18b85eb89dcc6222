package tests

import (
	"database/sql"
	"fmt"
	"os"
	"testing"
)

func TestOpen(t *testing.T) {
	port := os.Getenv("PGPORT")
	sql.Open("postgres", fmt.Sprintf("postgres://test:test@localhost:%s/test", port)) // want `^DSN for sql\.Open built from port: a value with @ / \? # or % breaks it; build it with url\.URL$`
}
