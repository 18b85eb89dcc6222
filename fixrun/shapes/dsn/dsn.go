// Package dsn: a MySQL DSN assembled with Sprintf from a request's values
// (dsninject rewrites it with mysql.NewConfig and FormatDSN). No server is
// needed: the DSN is parsed, not dialed.
package dsn

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/url"

	"github.com/go-sql-driver/mysql"
)

type Config struct{ User, Password, Host, Name string }

func configOf(r *http.Request) *Config {
	q := r.URL.Query()
	return &Config{User: q.Get("user"), Password: q.Get("password"), Host: q.Get("host"), Name: q.Get("db")}
}

// open is the sink that makes the Sprintf's result a DSN; it returns the
// DSN too, for Run to parse.
func open(r *http.Request) (*sql.DB, string, error) {
	c := configOf(r)
	dsn := fmt.Sprintf("%s:%s@tcp(%s)/%s", c.User, c.Password, c.Host, c.Name)
	db, err := sql.Open("mysql", dsn)
	return db, dsn, err
}

// Run parses the DSN of an ordinary request and of one whose password
// holds DSN syntax, and says what the driver would use.
func Run(ctx context.Context, _ *sql.DB) (string, error) {
	var out string
	for _, password := range []string{"secret", "p@ss/w?rd"} {
		q := url.Values{"user": {"app"}, "password": {password}, "host": {"db:3306"}, "db": {"payments"}}
		r, err := http.NewRequestWithContext(ctx, http.MethodGet, "/?"+q.Encode(), nil)
		if err != nil {
			return "", err
		}
		db, dsn, err := open(r)
		if err != nil {
			out += fmt.Sprintf("open: %v; ", err)
			continue
		}
		db.Close()
		cfg, err := mysql.ParseDSN(dsn)
		if err != nil {
			out += fmt.Sprintf("parse: %v; ", err)
			continue
		}
		out += fmt.Sprintf("user=%s passwd=%s addr=%s db=%s; ", cfg.User, cfg.Passwd, cfg.Addr, cfg.DBName)
	}
	return out, nil
}
