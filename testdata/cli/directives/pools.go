// Package directives has one directive that suppresses a finding, one that
// suppresses nothing, and one that only looks like a directive: the
// end-to-end tests of the directive analyzer run the binary on it.
package directives

import "database/sql"

func open(dsn string) (*sql.DB, error) {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return nil, err
	}
	//dbpoollint:ignore maxopenzero PgBouncer caps this pool
	db.SetMaxOpenConns(0)
	return db, nil
}

func count(db *sql.DB) (n int, err error) {
	//dbpoollint:ignore rowsclose the row is scanned below, so this suppresses nothing
	err = db.QueryRow("SELECT count(*) FROM payments").Scan(&n)
	return n, err
}

func limit(db *sql.DB) {
	// dbpoollint:ignore maxopenzero the space makes it prose
	db.SetMaxOpenConns(0)
}
