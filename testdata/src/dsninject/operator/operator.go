// Package operator holds DSNs built from the operator's configuration
// (environment, config structs, flags): a rotated password can break them,
// nobody injects into them. Code that escapes the password on the way is
// the fix, not the bug.
package operator

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"log"
	"net/url"
	"os"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"
)

type Config struct {
	User, Password, Host, Name, SSLMode string
	Port                                int
}

// --- Re-joined to escape the password: silent -----------------------------

// The operator's URL, parsed, given the password through url.UserPassword.
func parsedThenPassword() (*sql.DB, error) {
	u, err := url.Parse(os.Getenv("DATABASE_URL"))
	if err != nil {
		return nil, err
	}
	u.User = url.UserPassword(u.User.Username(), os.Getenv("DATABASE_PASSWORD"))
	return sql.Open("pgx", u.String())
}

// Assembled without credentials, parsed, rebuilt with url.UserPassword.
func assembledThenPassword(c Config) (*sql.DB, error) {
	u, err := url.Parse(fmt.Sprintf("postgres://%s:%d/%s?sslmode=%s", c.Host, c.Port, c.Name, c.SSLMode))
	if err != nil {
		return nil, err
	}
	u.User = url.UserPassword(c.User, c.Password)
	return sql.Open("pgx", u.String())
}

// A url.URL with url.UserPassword, its query assembled from the config.
func builtWithRawQuery(c Config) (*sql.DB, error) {
	u := &url.URL{Scheme: "postgres", User: url.UserPassword(c.User, c.Password), Host: c.Host, Path: c.Name}
	u.RawQuery = "sslmode=" + c.SSLMode
	return sql.Open("pgx", u.String())
}

// The password escaped on the way to the sink.
func queryEscaped(ctx context.Context, c Config) (*pgxpool.Pool, error) {
	dsn := fmt.Sprintf("postgres://%s:%s@%s:%d/%s", c.User, url.QueryEscape(c.Password), c.Host, c.Port, c.Name)
	return pgxpool.New(ctx, dsn)
}

func pathEscaped(c Config) (*sql.DB, error) {
	return sql.Open("pgx", "postgres://"+c.User+":"+url.PathEscape(c.Password)+"@"+c.Host+"/"+c.Name)
}

// An operator's URL split and joined again around its escaped password.
func rejoined() (*sql.DB, error) {
	raw := os.Getenv("DATABASE_URL")
	scheme, rest, _ := strings.Cut(raw, "://")
	i := strings.LastIndex(rest, "@")
	creds, hostPart := rest[:i], rest[i+1:]
	user, pass, _ := strings.Cut(creds, ":")
	return sql.Open("pgx", scheme+"://"+user+":"+url.QueryEscape(pass)+"@"+hostPart)
}

// The userinfo built by url.UserPassword and written by its String.
func userinfo(c Config) (*sql.DB, error) {
	creds := url.UserPassword(c.User, c.Password).String()
	return sql.Open("pgx", "postgres://"+creds+"@"+c.Host+"/"+c.Name)
}

// --- Joined unescaped: a rotated password breaks them ---------------------

var dbPassword = flag.String("db-password", "", "")

func keyValueFromEnv() (*sql.DB, error) {
	dsn := fmt.Sprintf("host=%s user=%s password=%s dbname=app", os.Getenv("DB_HOST"), os.Getenv("DB_USER"), os.Getenv("DB_PASSWORD")) // want `^DSN for sql\.Open built from os\.Getenv\("DB_HOST"\) and 2 more: a password with a space, quote or backslash breaks it; use url\.URL with url\.UserPassword$`
	return sql.Open("postgres", dsn)
}

func keyValueFromFlag(c Config) (*sql.DB, error) {
	return sql.Open("postgres", "host="+c.Host+" password="+*dbPassword) // want `^DSN for sql\.Open built from c\.Host, \*dbPassword: a password with a space, quote or backslash breaks it; use url\.URL with url\.UserPassword$`
}

func keyValuePgx(ctx context.Context, c Config) (*pgxpool.Pool, error) {
	return pgxpool.New(ctx, fmt.Sprintf("host=%s user=%s password=%s", c.Host, c.User, c.Password)) // want `^DSN for pgxpool\.New built from c\.Host, c\.User and 1 more: a password with a space, quote or backslash breaks it; set the fields of ParseConfig's result$`
}

// No password in it: what breaks it is any value with those characters.
func keyValueNoPassword(c Config) (*sql.DB, error) {
	return sql.Open("postgres", "host="+c.Host+" dbname="+c.Name) // want `^DSN for sql\.Open built from c\.Host, c\.Name: a space, quote or backslash in a value breaks it; use url\.URL with url\.UserPassword$`
}

func urlFromConfig(c Config) (*sql.DB, error) {
	return sql.Open("pgx", fmt.Sprintf("postgres://%s:%s@%s/%s", c.User, c.Password, c.Host, c.Name)) // want `^DSN for sql\.Open built from c\.User, c\.Password and 2 more: a password with @ / \? # or % breaks it; use url\.URL with url\.UserPassword$`
}

func mysqlFromConfig(c Config) (*sql.DB, error) {
	// go-sql-driver's parser takes any password and address; the user and
	// database names are picked once: nothing a rotation changes breaks it.
	return sql.Open("mysql", fmt.Sprintf("%s:%s@tcp(%s)/%s", c.User, c.Password, c.Host, c.Name))
}

// Escaping the password does not make a key=value DSN safe: the escape is a
// URL's, and key=value takes quotes.
func keyValueEscaped(c Config) (*sql.DB, error) {
	return sql.Open("postgres", "host="+c.Host+" password="+url.QueryEscape(c.Password)) // want `^DSN for sql\.Open built from c\.Host: a space, quote or backslash in a value breaks it; use url\.URL with url\.UserPassword$`
}

// Escaping another operand leaves the password raw.
func schemaEscaped(c Config) (*sql.DB, error) {
	return sql.Open("pgx", fmt.Sprintf("postgres://%s:%s@%s/%s?search_path=%s", c.User, c.Password, c.Host, c.Name, url.QueryEscape(c.SSLMode))) // want `^DSN for sql\.Open built from c\.User, c\.Password and 2 more: a password with @ / \? # or % breaks it; use url\.URL with url\.UserPassword$`
}

// Parsed from a string that holds the raw password already: Parse reads it
// before url.UserPassword replaces it.
func parsedWithPassword(c Config) (*sql.DB, error) {
	u, err := url.Parse(fmt.Sprintf("postgres://%s:%s@%s/%s", c.User, c.Password, c.Host, c.Name)) // want `^DSN for sql\.Open built from c\.User, c\.Password and 2 more: a password with @ / \? # or % breaks it; use url\.URL with url\.UserPassword$`
	if err != nil {
		return nil, err
	}
	u.User = url.UserPassword(c.User, c.Password)
	return sql.Open("pgx", u.String())
}

const seaweedPattern = "%s:%s@tcp(%s:%d)/%s?collation=utf8mb4_bin"

// seaweedfs's mysql2 store: the DSN from the operator's filer.toml, and a
// copy with the password masked, only for error messages: the copy
// connects to nothing. go-sql-driver's parser takes any password and any
// address, and the names are the operator's own: both silent.
func mysqlWithMaskedCopy(user, password, host string, port int, database string) (*sql.DB, error) {
	dsn := fmt.Sprintf(seaweedPattern, user, password, host, port, database)
	masked := fmt.Sprintf(seaweedPattern, user, "<ADAPTED>", host, port, database)
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		return nil, fmt.Errorf("can not connect to %s: %w", masked, err)
	}
	return db, nil
}

// Only the password and the address are values: go-sql-driver's parser
// takes the last @ before the last /, so a rotated password with any
// character parses.
func mysqlPasswordAndHost(c Config) (*sql.DB, error) {
	return sql.Open("mysql", fmt.Sprintf("app:%s@tcp(%s)/app?parseTime=true", c.Password, c.Host))
}

// A value among the options: an & adds one.
func mysqlOption(c Config) (*sql.DB, error) {
	return sql.Open("mysql", fmt.Sprintf("app:%s@tcp(db)/app?charset=%s", c.Password, c.Name)) // want `^DSN for sql\.Open built from c\.Password, c\.Name: an option with & or / breaks it; use mysql\.Config\.FormatDSN$`
}

// A DSN logged, never opened.
func mysqlLogged(c Config) {
	log.Printf("using %s", fmt.Sprintf("%s:%s@tcp(%s)/%s", c.User, "***", c.Host, c.Name))
}
