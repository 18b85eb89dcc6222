package fix

import (
	"database/sql"
	"fmt"
	"net/http"

	"github.com/go-sql-driver/mysql"
)

type Config struct{ User, Password, Host, Name string }

type Name string

func define(r *http.Request) (*sql.DB, error) {
	c := configOf(r)
	dsn := fmt.Sprintf("%s:%s@tcp(%s)/%s", c.User, c.Password, c.Host, c.Name) // want `^DSN for sql\.Open built from c\.User, c\.Password and 2 more: @ / \? & in a value can add allowAllFiles=true; use mysql\.Config\.FormatDSN$`
	return sql.Open("mysql", dsn)
}

func inline(r *http.Request) (*sql.DB, error) {
	user, pass, host, name := fields(r)
	db, err := sql.Open("mysql", fmt.Sprintf("%s:%s@tcp(%s)/%s", user, pass, host, name)) // want `^DSN for sql\.Open built from user, pass and 2 more: @ / \? & in a value can add allowAllFiles=true; use mysql\.Config\.FormatDSN$`
	return db, err
}

func dsnOf(c *Config) string {
	return fmt.Sprintf("%s:%s@unix(%s)/%s", c.User, c.Password, c.Host, c.Name) // want `^DSN for sql\.Open built from c\.User, c\.Password and 2 more: @ / \? & in a value can add allowAllFiles=true; use mysql\.Config\.FormatDSN$`
}

func helper(w http.ResponseWriter, r *http.Request) {
	c := configPtr(r)
	sql.Open("mysql", dsnOf(c))
}

func nameTaken(r *http.Request) {
	cfg := configOf(r)
	var dsn = fmt.Sprintf("%s:%s@tcp(%s)/%s", cfg.User, cfg.Password, cfg.Host, cfg.Name) // want `^DSN for sql\.Open built from cfg\.User, cfg\.Password and 2 more: @ / \? & in a value can add allowAllFiles=true; use mysql\.Config\.FormatDSN$`
	sql.Open("mysql", dsn)
}

func ifInit(r *http.Request) {
	c := configOf(r)
	if dsn := fmt.Sprintf("%s:%s@tcp(%s)/%s", c.User, c.Password, c.Host, c.Name); dsn != "" { // want `^DSN for mysql\.ParseDSN built from c\.User, c\.Password and 2 more: @ / \? & in a value can add allowAllFiles=true; use mysql\.Config\.FormatDSN$`
		mysql.ParseDSN(dsn)
	}
}

type Settings struct{ DSN string }

// No sink in sight: the shape finding carries the fix.
func stored(s *Settings, r *http.Request) {
	c := configOf(r)
	s.DSN = fmt.Sprintf("%s:%s@tcp(%s)/%s", c.User, c.Password, c.Host, c.Name) // want `^Sprintf builds a mysql DSN from c\.User, c\.Password and 2 more: @ / \? & in a value can add allowAllFiles=true; use mysql\.Config\.FormatDSN$`
}

// --- No fix: the rewrite would not be exactly right --------------------------

func user() string { return "app" }

func callInExpression(r *http.Request) {
	_, pass, host, name := fields(r)
	sql.Open("mysql", fmt.Sprintf("%s:%s@tcp(%s)/%s", user(), pass, host, name)) // want `^DSN for sql\.Open built from pass, host and 1 more: @ / \? & in a value can add allowAllFiles=true; use mysql\.Config\.FormatDSN$`
}

func pointerInExpression(r *http.Request) {
	c := configPtr(r)
	sql.Open("mysql", fmt.Sprintf("%s:%s@tcp(%s)/%s", c.User, c.Password, c.Host, c.Name)) // want `^DSN for sql\.Open built from c\.User, c\.Password and 2 more: @ / \? & in a value can add allowAllFiles=true; use mysql\.Config\.FormatDSN$`
}

func namedType(r *http.Request) {
	user, pass, host, n := fields(r)
	name := Name(n)
	sql.Open("mysql", fmt.Sprintf("%s:%s@tcp(%s)/%s", user, pass, host, name)) // want `^DSN for sql\.Open built from user, pass and 2 more: @ / \? & in a value can add allowAllFiles=true; use mysql\.Config\.FormatDSN$`
}

func withParams(r *http.Request) {
	user, pass, host, name := fields(r)
	sql.Open("mysql", fmt.Sprintf("%s:%s@tcp(%s)/%s?parseTime=true", user, pass, host, name)) // want `^DSN for sql\.Open built from user, pass and 2 more: @ / \? & in a value can add allowAllFiles=true; use mysql\.Config\.FormatDSN$`
}

func postgresDriver(r *http.Request) {
	user, pass, host, name := fields(r)
	sql.Open("postgres", fmt.Sprintf("%s:%s@tcp(%s)/%s", user, pass, host, name)) // want `^DSN for sql\.Open built from user, pass and 2 more: @ / \? & in a value can add allowAllFiles=true; use mysql\.Config\.FormatDSN$`
}

func inLoop(hosts []string, r *http.Request) {
	user, pass, _, _ := fields(r)
	for i := 0; i < len(hosts); i++ {
		sql.Open("mysql", fmt.Sprintf("%s:%s@tcp(%s)/%s", user, pass, hosts[i], "app")) // want `^DSN for sql\.Open built from user, pass and 1 more: @ / \? & in a value can add allowAllFiles=true; use mysql\.Config\.FormatDSN$`
	}
}

// Two fixes in one scope declare two names.
func twoInOneScope(r *http.Request) {
	a, b := configOf(r), configOf(r)
	primary := fmt.Sprintf("%s:%s@tcp(%s)/%s", a.User, a.Password, a.Host, a.Name) // want `^DSN for sql\.Open built from a\.User, a\.Password and 2 more: @ / \? & in a value can add allowAllFiles=true; use mysql\.Config\.FormatDSN$`
	replica := fmt.Sprintf("%s:%s@tcp(%s)/%s", b.User, b.Password, b.Host, b.Name) // want `^DSN for sql\.Open built from b\.User, b\.Password and 2 more: @ / \? & in a value can add allowAllFiles=true; use mysql\.Config\.FormatDSN$`
	sql.Open("mysql", primary)
	sql.Open("mysql", replica)
}

// The values come from a request: they can inject options.
func configOf(r *http.Request) Config {
	return Config{r.FormValue("user"), r.FormValue("pass"), r.FormValue("host"), r.FormValue("name")}
}

func configPtr(r *http.Request) *Config {
	c := configOf(r)
	return &c
}

func fields(r *http.Request) (user, pass, host, name string) {
	return r.FormValue("user"), r.FormValue("pass"), r.FormValue("host"), r.FormValue("name")
}
