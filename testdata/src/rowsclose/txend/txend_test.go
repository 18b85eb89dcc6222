package txend

import (
	"database/sql"
	"testing"
)

// A test runs requestSchedule on a transaction it never commits (rolled
// back when the test is done): the service's callers still decide, and
// requestSchedule stays silent.
func TestRequestSchedule(t *testing.T) {
	var db *sql.DB
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if err := requestSchedule(tx, 1); err != nil {
		t.Fatal(err)
	}
}
