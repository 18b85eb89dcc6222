package sizing

import (
	"database/sql"
	"testing"
)

// Test code: the idle categories are for production pools (see -tests).
func TestPool(t *testing.T) {
	db, _ := sql.Open("postgres", "")
	db.SetMaxOpenConns(50)
	db.SetMaxIdleConns(0)
	db.SetConnMaxLifetime(1800)
	_ = db.Ping()
}
