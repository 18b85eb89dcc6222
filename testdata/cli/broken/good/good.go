// Package good compiles and has a finding.
package good

import "database/sql"

func Open(dsn string) (*sql.DB, error) {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(0)
	return db, nil
}
