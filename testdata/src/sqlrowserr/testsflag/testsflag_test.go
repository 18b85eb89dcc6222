package testsflag

import (
	"database/sql"
	"reflect"
	"testing"
)

// litefs's fuse test: the values read are compared with the expected ones,
// so a lost rows.Err still fails the test, and nothing hangs.
func TestRead(t *testing.T) {
	db, err := sql.Open("sqlite3", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query("SELECT x FROM t") // want `^sql\.Rows "rows" is used in Next loop at line 23 without final check of rows\.Err\(\)$`
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = rows.Close() }()
	var values []int
	for rows.Next() {
		var x int
		if err := rows.Scan(&x); err != nil {
			t.Fatal(err)
		}
		values = append(values, x)
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	if got, want := values, []int{100, 200}; !reflect.DeepEqual(got, want) {
		t.Fatalf("values=%d, want %d", got, want)
	}
}
