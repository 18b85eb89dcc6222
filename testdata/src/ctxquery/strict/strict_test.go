package strict

import (
	"database/sql"
	"testing"
)

// Test files stay silent without -ctxquery.tests, in strict mode too.
func TestMigrate(t *testing.T) {
	var db *sql.DB
	db.Exec("DROP TABLE t")
}
