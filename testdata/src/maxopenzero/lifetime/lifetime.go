// Package lifetime holds -maxopenzero.require-lifetime's cases.
package lifetime

import (
	"database/sql"
	"time"
)

func NoLifetime(dsn string) *sql.DB {
	db, _ := sql.Open("postgres", dsn)
	db.SetMaxOpenConns(8) // want `^pool sized with no SetConnMaxLifetime: connections a proxy or failover dropped are reused; set a lifetime or idle time$`
	return db
}

func WithLifetime(dsn string) *sql.DB {
	db, _ := sql.Open("postgres", dsn)
	db.SetMaxOpenConns(8)
	db.SetConnMaxLifetime(5 * time.Minute)
	return db
}

func WithIdleTime(dsn string, n int) *sql.DB {
	db, _ := sql.Open("postgres", dsn)
	db.SetMaxOpenConns(n)
	db.SetConnMaxIdleTime(time.Minute)
	return db
}

// The caller's pool: its lifetime the caller's business.
func Size(db *sql.DB) {
	db.SetMaxOpenConns(8)
}

// Never sized here: not a pool configured in this function.
func Unsized(dsn string) *sql.DB {
	db, _ := sql.Open("postgres", dsn)
	return db
}
