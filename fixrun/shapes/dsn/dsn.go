// Package dsn: a MySQL DSN assembled with Sprintf (dsninject rewrites it
// with mysql.NewConfig and FormatDSN). No server is needed: the DSN is
// parsed, not dialed.
package dsn

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/go-sql-driver/mysql"
)

type Config struct{ User, Password, Host, Name string }

func dsnOf(c *Config) string {
	return fmt.Sprintf("%s:%s@tcp(%s)/%s", c.User, c.Password, c.Host, c.Name)
}

// open is the sink that makes dsnOf's result a DSN.
func open(c *Config) (*sql.DB, error) {
	return sql.Open("mysql", dsnOf(c))
}

// Run parses the DSN of an ordinary configuration and of one whose
// password holds DSN syntax, and says what the driver would use.
func Run(ctx context.Context, _ *sql.DB) (string, error) {
	var out string
	for _, c := range []*Config{
		{User: "app", Password: "secret", Host: "db:3306", Name: "payments"},
		{User: "app", Password: "p@ss/w?rd", Host: "db:3306", Name: "payments"},
	} {
		db, err := open(c)
		if err != nil {
			out += fmt.Sprintf("open: %v; ", err)
			continue
		}
		db.Close()
		cfg, err := mysql.ParseDSN(dsnOf(c))
		if err != nil {
			out += fmt.Sprintf("parse: %v; ", err)
			continue
		}
		out += fmt.Sprintf("user=%s passwd=%s addr=%s db=%s; ", cfg.User, cfg.Passwd, cfg.Addr, cfg.DBName)
	}
	return out, nil
}
