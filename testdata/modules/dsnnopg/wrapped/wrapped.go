// Package wrapped imports a library that links lib/pq in: a PostgreSQL DSN
// reaches a driver through it.
package wrapped

import (
	"database/sql"
	"fmt"
	"os"

	"example.com/pgwrap"
)

func DSN() string {
	return fmt.Sprintf("user=%s password=%s dbname=app", os.Getenv("PGUSER"), os.Getenv("PGPASSWORD")) // want `^Sprintf builds a postgres DSN from os\.Getenv\("PGUSER"\) and 1 more: a password with a space, quote or backslash breaks it; use url\.URL with url\.UserPassword$`
}

func Open() (*sql.DB, error) { return pgwrap.Open(os.Getenv("DATABASE_URL")) }
