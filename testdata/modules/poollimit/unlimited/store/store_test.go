package store

import "testing"

// Only a test limits its pool: the service's pools have no limit.
func TestOpen(t *testing.T) {
	db, err := Open("")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
}
