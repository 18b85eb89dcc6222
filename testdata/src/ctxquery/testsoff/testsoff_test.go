package testsoff

import (
	"database/sql"
	"testing"
)

func TestUsers(t *testing.T) {
	var db *sql.DB
	ctx := t.Context()
	db.Exec("CREATE TABLE users (id int)")
	_ = ctx
}
