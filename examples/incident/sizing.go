package main

import (
	"database/sql"
	"time"
)

// openPaymentsPool (a read-only pool) has the configuration the team
// settled on after the incident: a limit derived from the server's
// capacity, a warm idle pool, and connections recycled every 30 minutes
// (the failover window of the managed database).
func openPaymentsPool(dsn string) (*sql.DB, error) {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(30)
	db.SetMaxIdleConns(10)
	db.SetConnMaxLifetime(30 * time.Minute)
	return db, nil
}

// openSearchPool was given a larger limit for the search page, and nothing
// else.
func openSearchPool(dsn string) (*sql.DB, error) {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return nil, err
	}
	// BUG(maxopenzero): Go keeps 2 idle connections unless told otherwise:
	// under load, 38 of these 40 connections are closed after each query
	// and dialed again (TCP, TLS, auth) for the next.
	db.SetMaxOpenConns(40)
	db.SetConnMaxLifetime(30 * time.Minute)
	return db, nil
}

// openSessionsPool was tuned by someone who wanted "no stale connections".
func openSessionsPool(dsn string) (*sql.DB, error) {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(20)
	// BUG(maxopenzero): no idle connection at all: every session lookup
	// dials the database, and a busy hour leaves thousands of sockets in
	// TIME_WAIT.
	db.SetMaxIdleConns(0)
	db.SetConnMaxLifetime(30 * time.Minute)
	return db, nil
}

// openRatesPool copied its lifetime from a sample that meant seconds.
func openRatesPool(dsn string) (*sql.DB, error) {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(10)
	db.SetMaxIdleConns(10)
	// BUG(maxopenzero): 1800 is 1800 nanoseconds, not 30 minutes: every
	// connection expires right after its query and is dialed again.
	db.SetConnMaxLifetime(1800)
	return db, nil
}
