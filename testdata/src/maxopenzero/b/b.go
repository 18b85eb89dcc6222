package b

import (
	"database/sql"

	"maxopenzero/a"
)

func useHelpers(db *sql.DB, s *a.Store) {
	a.Configure(db, 0)   // the helper's parameter is not a constant there; not reported at the call either
	s.SetMaxOpenConns(0) // want `s.SetMaxOpenConns\(0\) makes the pool unlimited`
	s.SetMaxOpenConns(12)
}
