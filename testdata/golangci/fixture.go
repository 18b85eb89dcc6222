// Package fixture is linted by golangci-lint built with the dbpoollint module
// plugin, in the plugin's end-to-end test.
package fixture

import "database/sql"

// open sets a zero limit: maxopenzero reports it.
func open(dsn string) (*sql.DB, error) {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(0)
	return db, nil
}

// openSuppressed carries golangci-lint's own directive.
func openSuppressed(dsn string) (*sql.DB, error) {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(0) //nolint:dbpoollint // PgBouncer caps this pool
	return db, nil
}

// openDefault never sets a limit: reported only with maxopenzero's
// require-limit setting.
func openDefault(dsn string) (*sql.DB, error) {
	return sql.Open("postgres", dsn)
}

// openIgnored carries dbpoollint's own directive, which works in every mode.
func openIgnored(dsn string) (*sql.DB, error) {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return nil, err
	}
	//dbpoollint:ignore maxopenzero PgBouncer caps this pool
	db.SetMaxOpenConns(0)
	return db, nil
}
