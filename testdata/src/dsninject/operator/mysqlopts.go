package operator

import (
	"database/sql"
	"fmt"
	"strings"

	"example.com/dbclient"
)

// --- go-sql-driver DSNs whose values are only the user, the password and the
// address, and whose options are constants: silent ---------------------------
//
// mysql.ParseDSN takes the last / of the DSN, the last @ before it and the
// first : before that: a password with @ / : ? & still parses, and
// mysql.Config.FormatDSN writes the password unescaped, the same string.

// tlsParam returns only constants.
func tlsParam(ssl bool) string {
	if ssl {
		return "&tls=custom"
	}
	return ""
}

// tlsOption returns only constants, and an error.
func tlsOption(ssl bool, name string) (string, error) {
	if !ssl {
		return "", nil
	}
	if name == "" {
		return "", fmt.Errorf("no tls config")
	}
	return "&tls=cloudsql", nil
}

func mysqlConstHelperOption(user, pass, host string, port int, ssl bool) (*sql.DB, error) {
	dsn := fmt.Sprintf("%s:%s@tcp(%s:%d)/?charset=utf8%s", user, pass, host, port, tlsParam(ssl))
	return sql.Open("mysql", dsn)
}

func mysqlConstHelperVar(c Config, ssl bool) (*sql.DB, error) {
	tlsItem, err := tlsOption(ssl, c.Name)
	if err != nil {
		return nil, err
	}
	dsn := fmt.Sprintf("%s:%s@tcp(%s:%d)/?charset=utf8%s", c.User, c.Password, c.Host, c.Port, tlsItem)
	return sql.Open("mysql", dsn)
}

func mysqlConstLocalOption(c Config, ssl bool) (*sql.DB, error) {
	opt := ""
	if ssl {
		opt = "&tls=true"
	}
	return sql.Open("mysql", fmt.Sprintf("%s:%s@tcp(%s:%d)/?charset=utf8%s", c.User, c.Password, c.Host, c.Port, opt))
}

// Options written by a function of another package, out of sight (1panel's
// client.ConnWithSSL): trusted to write its own options.
func mysqlForeignOptionVar(c Config, ssl bool) (*sql.DB, error) {
	tlsItem, err := dbclient.ConnWithSSL(ssl, c.Name)
	if err != nil {
		return nil, err
	}
	connArgs := fmt.Sprintf("%s:%s@tcp(%s:%d)/?charset=utf8%s", c.User, c.Password, c.Host, c.Port, tlsItem)
	return sql.Open("mysql", connArgs)
}

func mysqlForeignOption(c Config, ssl bool) (*sql.DB, error) {
	return sql.Open("mysql", fmt.Sprintf("%s:%s@tcp(%s:%d)/app?charset=utf8%s", c.User, c.Password, c.Host, c.Port, dbclient.TLSParam(ssl)))
}

// --- A value among the options or in a helper that returns values, and other
// drivers: reported ----------------------------------------------------------

// tlsFrom returns the operator's text.
func tlsFrom(name string) string {
	if name == "" {
		return ""
	}
	return "&tls=" + name
}

func mysqlValueHelperOption(c Config) (*sql.DB, error) {
	dsn := fmt.Sprintf("%s:%s@tcp(%s:%d)/?charset=utf8%s", c.User, c.Password, c.Host, c.Port, tlsFrom(c.SSLMode)) // want `^DSN for sql\.Open built from c\.User, c\.Password and 2 more: an option with & or / breaks it; use mysql\.Config\.FormatDSN$`
	return sql.Open("mysql", dsn)
}

func mysqlValueLocalOption(c Config, ssl bool) (*sql.DB, error) {
	opt := ""
	if ssl {
		opt = "&tls=" + c.SSLMode
	}
	return sql.Open("mysql", fmt.Sprintf("%s:%s@tcp(%s:%d)/?charset=utf8%s", c.User, c.Password, c.Host, c.Port, opt)) // want `^DSN for sql\.Open built from c\.User, c\.Password and 2 more: an option with & or / breaks it; use mysql\.Config\.FormatDSN$`
}

func keyValueConstHelperOption(c Config, ssl bool) (*sql.DB, error) {
	return sql.Open("postgres", fmt.Sprintf("host=%s user=%s password=%s%s", c.Host, c.User, c.Password, tlsParam(ssl))) // want `^DSN for sql\.Open built from c\.Host, c\.User and 1 more: a password with a space, quote or backslash breaks it; use url\.URL with url\.UserPassword$`
}

func urlConstHelperOption(c Config, ssl bool) (*sql.DB, error) {
	return sql.Open("pgx", fmt.Sprintf("postgres://%s:%s@%s/app?x=1%s", c.User, c.Password, c.Host, tlsParam(ssl))) // want `^DSN for sql\.Open built from c\.User, c\.Password and 1 more: a password with @ / \? # or % breaks it; use url\.URL with url\.UserPassword$`
}

// Another package's result as a free-text option's value: a value inside
// an option (as tls=%s, a mode's word, it is silent: see modes.go).
func mysqlForeignOptionValue(c Config) (*sql.DB, error) {
	return sql.Open("mysql", fmt.Sprintf("%s:%s@tcp(%s)/app?charset=utf8&loc=%s", c.User, c.Password, c.Host, dbclient.TLSName())) // want `^DSN for sql\.Open built from c\.User, c\.Password and 2 more: an option with & or / breaks it; use mysql\.Config\.FormatDSN$`
}

func mysqlForeignTLSMode(c Config) (*sql.DB, error) {
	return sql.Open("mysql", fmt.Sprintf("%s:%s@tcp(%s)/app?charset=utf8&tls=%s", c.User, c.Password, c.Host, dbclient.TLSName()))
}

// A standard library function returns the value it was given.
func mysqlStdOption(c Config) (*sql.DB, error) {
	return sql.Open("mysql", fmt.Sprintf("%s:%s@tcp(%s)/app?charset=utf8%s", c.User, c.Password, c.Host, strings.TrimSpace(c.SSLMode))) // want `^DSN for sql\.Open built from c\.User, c\.Password and 2 more: an option with & or / breaks it; use mysql\.Config\.FormatDSN$`
}

// Other drivers: another package's options do not make the password safe.
func keyValueForeignOption(c Config, ssl bool) (*sql.DB, error) {
	return sql.Open("postgres", fmt.Sprintf("host=%s user=%s password=%s%s", c.Host, c.User, c.Password, dbclient.TLSParam(ssl))) // want `^DSN for sql\.Open built from c\.Host, c\.User and 2 more: a password with a space, quote or backslash breaks it; use url\.URL with url\.UserPassword$`
}

func urlForeignOption(c Config, ssl bool) (*sql.DB, error) {
	return sql.Open("pgx", fmt.Sprintf("postgres://%s:%s@%s/app?x=1%s", c.User, c.Password, c.Host, dbclient.TLSParam(ssl))) // want `^DSN for sql\.Open built from c\.User, c\.Password and 2 more: a password with @ / \? # or % breaks it; use url\.URL with url\.UserPassword$`
}
