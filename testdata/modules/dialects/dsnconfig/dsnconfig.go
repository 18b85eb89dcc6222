// Package dsnconfig imports no driver, but its module links lib/pq in
// (package postgres): a PostgreSQL DSN it builds reaches a driver.
package dsnconfig

import (
	"database/sql"
	"fmt"
	"os"
)

// DB is opened elsewhere.
var DB *sql.DB

func DSN() string {
	return fmt.Sprintf("user=%s password=%s dbname=chat", os.Getenv("PGUSER"), os.Getenv("PGPASSWORD")) // want `^Sprintf builds a postgres DSN from os\.Getenv\("PGUSER"\) and 1 more: a password with a space, quote or backslash breaks it; use url\.URL with url\.UserPassword$`
}
