package testsflag

import "database/sql"

// limit caps a pool of the package: where nothing does, database/sql's
// pools have no limit and a second connection is always there (see the
// unlimited cases).
func limit(db *sql.DB, n int) { db.SetMaxOpenConns(n) }
