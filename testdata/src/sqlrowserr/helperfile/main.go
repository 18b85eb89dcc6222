// Package main: a service whose test helpers live in a non-test file named
// for tests (commento's testing.go).
package main

import (
	"database/sql"
	"net/http"
	"os"
)

var db *sql.DB

func main() {
	if err := migrate(); err != nil { // startup, before serving
		os.Exit(1)
	}
	http.HandleFunc("/names", func(w http.ResponseWriter, r *http.Request) {
		names, _ := userNames()
		for _, n := range names {
			w.Write([]byte(n))
		}
	})
	http.ListenAndServe(":8080", nil)
}

func migrate() error { return migrateFromDir("db") }

// migrateFromDir runs at startup and in the test setup of testing.go: the
// test setup does not make it request code.
func migrateFromDir(dir string) error {
	rows, err := db.Query("SELECT filename FROM migrations")
	if err != nil {
		return err
	}
	defer rows.Close()
	done := map[string]bool{}
	for rows.Next() {
		var f string
		if err := rows.Scan(&f); err != nil {
			return err
		}
		done[f] = true
	}
	_ = dir
	return nil
}

// userNames serves requests.
func userNames() ([]string, error) {
	rows, err := db.Query("SELECT name FROM users") // want `^sql\.Rows "rows" is used in Next loop at line 56 without final check of rows\.Err\(\)$`
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}
