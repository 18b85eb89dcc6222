package fix

import (
	"database/sql"
	"fmt"

	"github.com/go-sql-driver/mysql"
)

type Config struct{ User, Password, Host, Name string }

type Name string

func define(c Config) (*sql.DB, error) {
	dsn := fmt.Sprintf("%s:%s@tcp(%s)/%s", c.User, c.Password, c.Host, c.Name) // want `^DSN for sql\.Open built from c\.User, c\.Password \+2: a user name with : or a database name with / \? or % breaks it; use mysql\.Config\.FormatDSN$`
	return sql.Open("mysql", dsn)
}

func inline(user, pass, host, name string) (*sql.DB, error) {
	db, err := sql.Open("mysql", fmt.Sprintf("%s:%s@tcp(%s)/%s", user, pass, host, name)) // want `^DSN for sql\.Open built from user, pass \+2: a user name with : or a database name with / \? or % breaks it; use mysql\.Config\.FormatDSN$`
	return db, err
}

func dsnOf(c *Config) string {
	return fmt.Sprintf("%s:%s@unix(%s)/%s", c.User, c.Password, c.Host, c.Name) // want `^DSN for sql\.Open built from c\.User, c\.Password \+2: a user name with : or a database name with / \? or % breaks it; use mysql\.Config\.FormatDSN$`
}

func helper(c *Config) {
	sql.Open("mysql", dsnOf(c))
}

func nameTaken(cfg Config) {
	var dsn = fmt.Sprintf("%s:%s@tcp(%s)/%s", cfg.User, cfg.Password, cfg.Host, cfg.Name) // want `^DSN for sql\.Open built from cfg\.User, cfg\.Password \+2: a user name with : or a database name with / \? or % breaks it; use mysql\.Config\.FormatDSN$`
	sql.Open("mysql", dsn)
}

func ifInit(c Config) {
	if dsn := fmt.Sprintf("%s:%s@tcp(%s)/%s", c.User, c.Password, c.Host, c.Name); dsn != "" { // want `^DSN for mysql\.ParseDSN built from c\.User, c\.Password \+2: a user name with : or a database name with / \? or % breaks it; use mysql\.Config\.FormatDSN$`
		mysql.ParseDSN(dsn)
	}
}

type Settings struct{ DSN string }

// No sink in sight: the shape finding carries the fix.
func stored(s *Settings, c Config) {
	s.DSN = fmt.Sprintf("%s:%s@tcp(%s)/%s", c.User, c.Password, c.Host, c.Name) // want `^Sprintf builds a mysql DSN from c\.User, c\.Password \+2: a user name with : or a database name with / \? or % breaks it; use mysql\.Config\.FormatDSN$`
}

// --- No fix: the rewrite would not be exactly right --------------------------

func user() string { return "app" }

func callInExpression(pass, host, name string) {
	sql.Open("mysql", fmt.Sprintf("%s:%s@tcp(%s)/%s", user(), pass, host, name)) // want `^DSN for sql\.Open built from pass, host \+1: a database name with / \? or % breaks it; use mysql\.Config\.FormatDSN$`
}

func pointerInExpression(c *Config) {
	sql.Open("mysql", fmt.Sprintf("%s:%s@tcp(%s)/%s", c.User, c.Password, c.Host, c.Name)) // want `^DSN for sql\.Open built from c\.User, c\.Password \+2: a user name with : or a database name with / \? or % breaks it; use mysql\.Config\.FormatDSN$`
}

func namedType(user, pass, host string, name Name) {
	sql.Open("mysql", fmt.Sprintf("%s:%s@tcp(%s)/%s", user, pass, host, name)) // want `^DSN for sql\.Open built from user, pass \+2: a user name with : or a database name with / \? or % breaks it; use mysql\.Config\.FormatDSN$`
}

func withParams(user, pass, host, name string) {
	sql.Open("mysql", fmt.Sprintf("%s:%s@tcp(%s)/%s?parseTime=true", user, pass, host, name)) // want `^DSN for sql\.Open built from user, pass \+2: a user name with : or a database name with / \? or % breaks it; use mysql\.Config\.FormatDSN$`
}

func postgresDriver(user, pass, host, name string) {
	sql.Open("postgres", fmt.Sprintf("%s:%s@tcp(%s)/%s", user, pass, host, name)) // want `^DSN for sql\.Open built from user, pass \+2: a user name with : or a database name with / \? or % breaks it; use mysql\.Config\.FormatDSN$`
}

func inLoop(hosts []string, user, pass string) {
	for i := 0; i < len(hosts); i++ {
		sql.Open("mysql", fmt.Sprintf("%s:%s@tcp(%s)/%s", user, pass, hosts[i], "app")) // want `^DSN for sql\.Open built from user, pass \+1: a user name with : breaks it; use mysql\.Config\.FormatDSN$`
	}
}

// Two fixes in one scope declare two names.
func twoInOneScope(a, b Config) {
	primary := fmt.Sprintf("%s:%s@tcp(%s)/%s", a.User, a.Password, a.Host, a.Name) // want `^DSN for sql\.Open built from a\.User, a\.Password \+2: a user name with : or a database name with / \? or % breaks it; use mysql\.Config\.FormatDSN$`
	replica := fmt.Sprintf("%s:%s@tcp(%s)/%s", b.User, b.Password, b.Host, b.Name) // want `^DSN for sql\.Open built from b\.User, b\.Password \+2: a user name with : or a database name with / \? or % breaks it; use mysql\.Config\.FormatDSN$`
	sql.Open("mysql", primary)
	sql.Open("mysql", replica)
}
