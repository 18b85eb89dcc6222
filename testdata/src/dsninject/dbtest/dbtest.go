// Package dbtest starts the databases of the tests: a harness (its name
// says so and it imports testing), so its DSNs from POSTGRES_* variables
// get the tests treatment, silent.
package dbtest

import (
	"database/sql"
	"fmt"
	"os"
	"testing"
)

func Open(t testing.TB) *sql.DB {
	dsn := fmt.Sprintf("postgres://%s:%s@%s/%s?sslmode=disable",
		os.Getenv("POSTGRES_USER"), os.Getenv("POSTGRES_PASSWORD"), os.Getenv("POSTGRES_HOST"), os.Getenv("POSTGRES_DB"))
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	return db
}
