package store

import "database/sql"

// Open leaves the pool without a limit.
func Open(dsn string) (*sql.DB, error) {
	return sql.Open("postgres", dsn)
}
