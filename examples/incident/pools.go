package main

import "database/sql"

// openAuditPool: the audit database sits behind PgBouncer in transaction
// mode, which caps the server connections itself, so this pool is unlimited
// on purpose; the directive says so, and says why.
func openAuditPool(dsn string) (*sql.DB, error) {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return nil, err
	}
	//dbpoollint:ignore maxopenzero PgBouncer in transaction mode caps this pool's server connections
	db.SetMaxOpenConns(0)
	return db, nil
}

// openArchivePool silences the same finding without saying why: the next
// reader cannot tell a deliberate choice from the incident's mistake.
func openArchivePool(dsn string) (*sql.DB, error) {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return nil, err
	}
	// BUG(ignoredirective): the directive below gives no reason.
	//dbpoollint:ignore maxopenzero
	db.SetMaxOpenConns(0)
	return db, nil
}
