package main

import (
	"database/sql"
	"fmt"
	"net/url"
	"os"
)

// The ledger replica's settings come from the deploy pipeline, one variable
// per part: the password is rotated by the secrets manager, the database name
// is per region.

// openLedgerPool opens the ledger replica's pool, once, at startup.
func openLedgerPool() (*sql.DB, error) {
	// BUG(dsninject): the parts are pasted into the URL unescaped. The first
	// rotated password with an @ or a / in it broke the DSN at 3 a.m., and a
	// database name like "ledger?sslmode=disable" turns TLS off.
	return sql.Open("postgres", fmt.Sprintf("postgres://%s:%s@%s/%s?sslmode=verify-full",
		os.Getenv("LEDGER_DB_USER"), os.Getenv("LEDGER_DB_PASSWORD"), os.Getenv("LEDGER_DB_HOST"), os.Getenv("LEDGER_DB_NAME")))
}

// openLedgerPoolSafely is the idiomatic twin: url.URL escapes every part,
// and url.UserPassword the credentials.
func openLedgerPoolSafely() (*sql.DB, error) {
	u := url.URL{
		Scheme:   "postgres",
		User:     url.UserPassword(os.Getenv("LEDGER_DB_USER"), os.Getenv("LEDGER_DB_PASSWORD")),
		Host:     os.Getenv("LEDGER_DB_HOST"),
		Path:     os.Getenv("LEDGER_DB_NAME"),
		RawQuery: "sslmode=verify-full",
	}
	return sql.Open("postgres", u.String())
}

// exportJob is handed to the nightly export worker, which opens its own
// connection with it.
type exportJob struct {
	DSN   string
	Table string
}

func newExportJob(table string) exportJob {
	// BUG(dsninject): a key=value DSN assembled from values, stored for another
	// process: a password with a space in it ends the value, and the rest
	// ("x host=evil") adds parameters of its own.
	dsn := fmt.Sprintf("host=%s user=%s password=%s dbname=payments sslmode=verify-full",
		os.Getenv("EXPORT_DB_HOST"), os.Getenv("EXPORT_DB_USER"), os.Getenv("EXPORT_DB_PASSWORD"))
	return exportJob{DSN: dsn, Table: table}
}

// newExportJobSafely is the idiomatic twin: the whole DSN is one secret, set
// by the deploy pipeline, never assembled.
func newExportJobSafely(table string) exportJob {
	return exportJob{DSN: os.Getenv("EXPORT_DATABASE_URL"), Table: table}
}
