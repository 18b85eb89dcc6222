package dsn

import (
	"net/url"
	"strconv"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

type Config struct{ mysql.Config }

type Stringer interface{ String() string }

func parts(cfg *mysql.Config, own *Config, u *url.URL, v url.Values, pc *pgx.ConnConfig, pp *pgxpool.Config, d time.Duration, s Stringer) {
	cfg.FormatDSN()                      // want `built`
	own.FormatDSN()                      // want `built`
	u.String()                           // want `built`
	u.Redacted()                         // want `built`
	url.UserPassword("u", "p").String()  // want `built` `not safe`
	v.Encode()                           // want `built`
	pc.ConnString()                      // want `built`
	pp.ConnString()                      // want `built`
	url.QueryEscape("x")                 // want `escaped`
	url.PathEscape("x")                  // want `escaped`
	strconv.Itoa(1)                      // want `number`
	strconv.FormatInt(1, 10)             // want `number`
	d.String()                           // want `number`
	strconv.Quote("x")                   // want `not safe`
	s.String()                           // want `not safe`
	(*mysql.Config).FormatDSN(cfg)       // want `built`
	url.Parse("postgres://db")           // want `url parse`
	url.ParseRequestURI("postgres://db") // want `url parse`
}
