//go:build go1.23

package tests

import "testing"

// Before Go 1.24 there is no t.Context(): nothing is at hand.
func TestOld(t *testing.T) {
	db.Exec("SELECT 1")
}
