// Package gen uses code that is not generated yet.
package gen

import (
	"database/sql"

	"broken/gen/queries"
)

func Run(db *sql.DB) error { return queries.New(db).Run() }
