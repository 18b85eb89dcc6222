package b

import (
	"database/sql"

	"maxopenzero/a"
)

func useHelpers(db *sql.DB, s *a.Store) {
	a.Configure(db, 0)   // the helper's parameter is not a constant there; not reported at the call either
	s.SetMaxOpenConns(0) // want `^SetMaxOpenConns\(0\) means no limit: a traffic spike opens connections until the database refuses them; set a positive limit$`
	s.SetMaxOpenConns(12)
}
