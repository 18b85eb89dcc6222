package ledger

import "testing"

func TestOpen(t *testing.T) {
	if _, err := open("postgres://localhost/ledger"); err != nil {
		t.Skip(err)
	}
}
