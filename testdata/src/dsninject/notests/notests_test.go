package notests

import (
	"database/sql"
	"fmt"
	"os"
	"testing"
)

func TestOpen(t *testing.T) {
	port := os.Getenv("PGPORT")
	sql.Open("postgres", fmt.Sprintf("postgres://test:test@localhost:%s/test", port))
}
