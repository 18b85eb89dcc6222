// Package pgwrap is a library of another module that links lib/pq in:
// a PostgreSQL DSN given to it reaches a driver.
package pgwrap

import (
	"database/sql"

	_ "github.com/lib/pq"
)

func Open(dsn string) (*sql.DB, error) { return sql.Open("postgres", dsn) }
