package operator

import (
	"database/sql"
	"fmt"
	"net/url"
)

// --- The operator's value of a mode option (tls=, sslmode=), whose legal
// values are fixed words: a value with & / or a space is no mode, the
// connection fails either way: silent ----------------------------------------

func mysqlTLSMode(c Config) (*sql.DB, error) {
	dsn := fmt.Sprintf("%s:%s@tcp(%s)/%s?charset=utf8mb4&parseTime=True&tls=%s", c.User, c.Password, c.Host, c.Name, c.SSLMode)
	return sql.Open("mysql", dsn)
}

func mysqlTLSModeFirst(c Config) (*sql.DB, error) {
	return sql.Open("mysql", fmt.Sprintf("%s:%s@tcp(%s)/%s?tls=%s&parseTime=true", c.User, c.Password, c.Host, c.Name, c.SSLMode))
}

func keyValueSSLModeOnly(c Config) (*sql.DB, error) {
	return sql.Open("postgres", fmt.Sprintf("host=db dbname=app sslmode=%s", c.SSLMode))
}

func rawQuerySSLMode(c Config) (*sql.DB, error) {
	u := &url.URL{Scheme: "postgres", Host: c.Host}
	u.RawQuery = "application_name=api&sslmode=" + c.SSLMode
	return sql.Open("pgx", u.String())
}

// --- A free-text option's value beside it, or a mode's key that only ends
// another key: reported --------------------------------------------------------

func mysqlTLSModeAndLoc(c Config) (*sql.DB, error) {
	return sql.Open("mysql", fmt.Sprintf("%s:%s@tcp(%s)/%s?tls=%s&loc=%s", c.User, c.Password, c.Host, c.Name, c.SSLMode, c.Name)) // want `^DSN for sql\.Open built from c\.User, c\.Password and 3 more: an option with & or / breaks it; use mysql\.Config\.FormatDSN$`
}

func keyValueSSLModeAndName(c Config) (*sql.DB, error) {
	return sql.Open("postgres", fmt.Sprintf("host=db sslmode=%s application_name=%s", c.SSLMode, c.Name)) // want `^DSN for sql\.Open built from c\.SSLMode, c\.Name: a space, quote or backslash in a value breaks it; use url\.URL with url\.UserPassword$`
}

func keyValueNotAMode(c Config) (*sql.DB, error) {
	return sql.Open("postgres", fmt.Sprintf("host=db xsslmode=%s dbname=app", c.SSLMode)) // want `^DSN for sql\.Open built from c\.SSLMode: a space, quote or backslash in a value breaks it; use url\.URL with url\.UserPassword$`
}

func rawQueryFreeText(c Config) (*sql.DB, error) {
	u := &url.URL{Scheme: "postgres", Host: c.Host}
	u.RawQuery = "sslmode=require&application_name=" + c.Name // want `^DSN for sql\.Open built from c\.Name: a value with & or # breaks the options; build RawQuery with url\.Values$`
	return sql.Open("pgx", u.String())
}
