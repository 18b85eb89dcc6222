// Package fork uses a fork of sqlx under another import path: its openers
// are recognized by their shape.
package fork

import (
	"github.com/acme/sqlx"
)

func Open(dsn string) (*sqlx.DB, error) {
	db, err := sqlx.Open("postgres", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(0) // want `^SetMaxOpenConns\(0\) means no limit: a traffic spike opens connections until the database refuses them; set a positive limit$`
	return db, nil
}

func Unlimited(dsn string) *sqlx.DB {
	db := sqlx.MustOpen("postgres", dsn) // want `^pool with no SetMaxOpenConns \(returned\): Go's default is no limit, so a traffic spike exhausts the database; set one$`
	return db
}

func Limited(dsn string) *sqlx.DB {
	db := sqlx.MustOpen("postgres", dsn)
	db.SetMaxOpenConns(8)
	return db
}
