// Package user compiles, but imports a package that does not.
package user

import (
	"database/sql"

	"broken/bad"
)

func Open() (*sql.DB, error) { return bad.Open() }
