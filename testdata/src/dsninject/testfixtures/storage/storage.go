// Package storage starts the databases of the tests (openfga's
// testfixtures/storage): a harness by its import path and its import of
// testing, so the container's own credentials assembled into a URL are
// silent.
package storage

import (
	"database/sql"
	"fmt"
	"testing"
)

func connectionURI(host, port, database, username, password string) string {
	creds := ""
	if username != "" && password != "" {
		creds = fmt.Sprintf("%s:%s@", username, password)
	}
	return fmt.Sprintf("postgres://%s%s:%s/%s?sslmode=disable", creds, host, port, database)
}

func Open(t testing.TB, host, port string) *sql.DB {
	db, err := sql.Open("pgx", connectionURI(host, port, "openfga", "postgres", "secret"))
	if err != nil {
		t.Fatal(err)
	}
	return db
}
