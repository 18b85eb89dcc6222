package fix

import (
	"database/sql"
	"fmt"

	"github.com/go-sql-driver/mysql"
)

type Config struct{ User, Password, Host, Name string }

type Name string

func define(c Config) (*sql.DB, error) {
	dsn := fmt.Sprintf("%s:%s@tcp(%s)/%s", c.User, c.Password, c.Host, c.Name)
	return sql.Open("mysql", dsn) // want `the DSN passed to sql.Open is assembled by fmt.Sprintf \(line 15\) from c.User, c.Password, c.Host, c.Name`
}

func inline(user, pass, host, name string) (*sql.DB, error) {
	db, err := sql.Open("mysql", fmt.Sprintf("%s:%s@tcp(%s)/%s", user, pass, host, name)) // want `the DSN passed to sql.Open is assembled by fmt.Sprintf from user, pass, host, name`
	return db, err
}

func dsnOf(c *Config) string {
	return fmt.Sprintf("%s:%s@unix(%s)/%s", c.User, c.Password, c.Host, c.Name)
}

func helper(c *Config) {
	sql.Open("mysql", dsnOf(c)) // want `assembled by fmt.Sprintf in dsnOf \(line 25\)`
}

func nameTaken(cfg Config) {
	var dsn = fmt.Sprintf("%s:%s@tcp(%s)/%s", cfg.User, cfg.Password, cfg.Host, cfg.Name)
	sql.Open("mysql", dsn) // want `assembled by fmt.Sprintf \(line 33\)`
}

func ifInit(c Config) {
	if dsn := fmt.Sprintf("%s:%s@tcp(%s)/%s", c.User, c.Password, c.Host, c.Name); dsn != "" {
		mysql.ParseDSN(dsn) // want `the DSN passed to mysql.ParseDSN is assembled by fmt.Sprintf \(line 38\)`
	}
}

type Settings struct{ DSN string }

// No sink in sight: the shape finding carries the fix.
func stored(s *Settings, c Config) {
	s.DSN = fmt.Sprintf("%s:%s@tcp(%s)/%s", c.User, c.Password, c.Host, c.Name) // want `^fmt.Sprintf assembles a mysql DSN from c.User, c.Password, c.Host, c.Name`
}

// --- No fix: the rewrite would not be exactly right --------------------------

func user() string { return "app" }

func callInExpression(pass, host, name string) {
	sql.Open("mysql", fmt.Sprintf("%s:%s@tcp(%s)/%s", user(), pass, host, name)) // want `assembled by fmt.Sprintf from pass, host, name: `
}

func pointerInExpression(c *Config) {
	sql.Open("mysql", fmt.Sprintf("%s:%s@tcp(%s)/%s", c.User, c.Password, c.Host, c.Name)) // want `assembled by fmt.Sprintf from c.User`
}

func namedType(user, pass, host string, name Name) {
	sql.Open("mysql", fmt.Sprintf("%s:%s@tcp(%s)/%s", user, pass, host, name)) // want `assembled by fmt.Sprintf from user, pass, host, name`
}

func withParams(user, pass, host, name string) {
	sql.Open("mysql", fmt.Sprintf("%s:%s@tcp(%s)/%s?parseTime=true", user, pass, host, name)) // want `assembled by fmt.Sprintf from user, pass, host, name`
}

func postgresDriver(user, pass, host, name string) {
	sql.Open("postgres", fmt.Sprintf("%s:%s@tcp(%s)/%s", user, pass, host, name)) // want `assembled by fmt.Sprintf from user, pass, host, name`
}

func inLoop(hosts []string, user, pass string) {
	for i := 0; i < len(hosts); i++ {
		sql.Open("mysql", fmt.Sprintf("%s:%s@tcp(%s)/%s", user, pass, hosts[i], "app")) // want `assembled by fmt.Sprintf from user, pass, hosts\[i\]`
	}
}

// Two fixes in one scope declare two names.
func twoInOneScope(a, b Config) {
	primary := fmt.Sprintf("%s:%s@tcp(%s)/%s", a.User, a.Password, a.Host, a.Name)
	replica := fmt.Sprintf("%s:%s@tcp(%s)/%s", b.User, b.Password, b.Host, b.Name)
	sql.Open("mysql", primary) // want `assembled by fmt.Sprintf \(line 82\) from a.User`
	sql.Open("mysql", replica) // want `assembled by fmt.Sprintf \(line 83\) from b.User`
}
