// Package display: key=value text made for a reader, not a driver (a
// fmt.Stringer's or an error's text, values Go-quoted by %q), is no DSN;
// the same text with a value left bare, out of a String method, is.
package display

import (
	"database/sql"
	"fmt"
)

type ConnInfo struct{ Host, User, Database, Mode, Password string }

// String is for display and logs only (pgweb's ConnContext).
func (c ConnInfo) String() string {
	return fmt.Sprintf("host=%q user=%q database=%q mode=%q", c.Host, c.User, c.Database, c.Mode)
}

// A Stringer's text, values bare: still for display.
type Target struct{ Host, User, Name string }

func (t *Target) String() string {
	return (fmt.Sprintf("host=%s user=%s dbname=%s", t.Host, t.User, t.Name))
}

// An error's text.
type ConnectError struct {
	Host, User string
	Err        error
}

func (e *ConnectError) Error() string {
	return fmt.Sprintf("host=%s user=%s: %v", e.Host, e.User, e.Err)
}

// Every value Go-quoted, outside a String method: for a reader too.
func describe(c ConnInfo) string {
	return fmt.Sprintf("host=%q user=%q dbname=%q port=%d", c.Host, c.User, c.Database, 5432)
}

// One value bare beside the quoted ones: a DSN that a password breaks.
func mixed(c ConnInfo) string {
	return fmt.Sprintf("host=%q user=%q password=%s", c.Host, c.User, c.Password) // want `^Sprintf builds a postgres DSN from c\.Host, c\.User and 1 more: a password with a space, quote or backslash breaks it; use url\.URL with url\.UserPassword$`
}

// A method that is neither String nor Error, or a String that takes an
// argument: the text may be a DSN (this one reaches sql.Open below).
func (c ConnInfo) DSN() string {
	return fmt.Sprintf("host=%s user=%s password=%s", c.Host, c.User, c.Password) // want `^DSN for sql\.Open built from c\.Host, c\.User and 1 more: a password with a space, quote or backslash breaks it; use url\.URL with url\.UserPassword$`
}

func (c ConnInfo) StringFor(db string) string {
	return fmt.Sprintf("host=%s user=%s dbname=%s", c.Host, c.User, db) // want `^Sprintf builds a postgres DSN from c\.Host, c\.User and 1 more: a space, quote or backslash in a value breaks it; use url\.URL with url\.UserPassword$`
}

// host= and user= are libpq's, and pgx takes database= for dbname=: no key
// here is SQL Server's own, so the message does not name sqlserver.
func settings(c ConnInfo) string {
	return fmt.Sprintf("host=%s user=%s database=%s mode=%s", c.Host, c.User, c.Database, c.Mode) // want `^Sprintf builds a postgres DSN from c\.Host, c\.User and 2 more: a space, quote or backslash in a value breaks it; use url\.URL with url\.UserPassword$`
}

// The Stringer's text reaching a sink is a DSN, reported at the sink's
// assembly as any other.
func open(c ConnInfo) (*sql.DB, error) {
	return sql.Open("pgx", c.DSN())
}
