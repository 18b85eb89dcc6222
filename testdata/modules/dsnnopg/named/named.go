// Package named opens its pool with the name of a PostgreSQL driver that no
// import of the module links in: the program links it in where this package
// cannot see it (a build tag, a main package in another module), so its
// DSNs reach PostgreSQL.
package named

import (
	"database/sql"
	"fmt"
	"os"
)

func open() (*sql.DB, error) {
	return sql.Open("postgres", os.Getenv("DATABASE_URL"))
}

func exportDSN() string {
	return fmt.Sprintf("host=%s user=%s password=%s dbname=payments", os.Getenv("H"), os.Getenv("U"), os.Getenv("P")) // want `^Sprintf builds a postgres DSN from os\.Getenv\("H"\) and 2 more: a password with a space, quote or backslash breaks it; use url\.URL with url\.UserPassword$`
}
