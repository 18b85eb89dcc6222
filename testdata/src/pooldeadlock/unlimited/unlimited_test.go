package unlimited

import (
	"database/sql"
	"testing"
)

// A test that caps its own pool limits that pool only: the service's code
// above stays silent.
func TestCapped(t *testing.T) {
	db, err := sql.Open("postgres", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
}
