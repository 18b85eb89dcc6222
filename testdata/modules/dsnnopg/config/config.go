// Package config builds the DSN of the configured database. The module
// links go-sql-driver/mysql in and no PostgreSQL driver: a postgres DSN
// reaches no database, a mysql one does.
package config

import (
	"database/sql"
	"fmt"

	_ "github.com/go-sql-driver/mysql"
)

// DB is opened elsewhere.
var DB *sql.DB

type Config struct{ driver, user, pass, host, name, loc string }

// Driver normalises the driver: PostgreSQL is not supported (yet).
func (c *Config) Driver() string {
	switch c.driver {
	case "mysql", "mariadb":
		return "mysql"
	}
	return "sqlite3"
}

func (c *Config) DSN() string {
	switch c.Driver() {
	case "postgres": // unreachable, and no driver would open it
		return fmt.Sprintf("user=%s password=%s host=%s dbname=%s sslmode=disable", c.user, c.pass, c.host, c.name)
	case "mysql":
		return fmt.Sprintf("%s:%s@tcp(%s)/%s?parseTime=true&loc=%s", c.user, c.pass, c.host, c.name, c.loc) // want `^Sprintf builds a mysql DSN from c\.user, c\.pass and 3 more: an option with & or / breaks it; use mysql\.Config\.FormatDSN$`
	}
	return c.name
}

// URL is a postgres URL: no driver opens it either.
func (c *Config) URL() string {
	return fmt.Sprintf("postgres://%s:%s@%s/%s", c.user, c.pass, c.host, c.name)
}
