// Package realcode holds the shapes real services write that a maintainer
// would not call an injection, and their reported twins.
package realcode

import (
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"log"
	"net/url"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"
)

// A constant scheme joined to one value that is the whole rest of the DSN:
// the value is the DSN, there is nothing for it to rewrite.
func schemeOnly(addr string) {
	sql.Open("pgx", fmt.Sprintf("postgres://%s", addr))
	sql.Open("pgx", "postgres://"+addr)
	sql.Open("pgx", "postgres://"+addr+"?sslmode=require")
}

// Two values: the first can end the user part and start a host.
func schemeAndTwoValues(user, addr string) {
	sql.Open("pgx", "postgres://"+user+"@"+addr) // want `^DSN for sql\.Open built from user, addr: a value with @ / \? # or % breaks it; build it with url\.URL$`
}

// A DSN-shaped string that only feeds url.Parse, to show a redacted URL,
// or a log line, connects to nothing.
func displayed(user, pass, host string) {
	u, err := url.Parse(fmt.Sprintf("postgres://%s:%s@%s/app", user, pass, host))
	if err == nil {
		log.Print(u.Redacted())
	}
	s := fmt.Sprintf("postgres://%s:%s@%s/app", user, pass, host)
	if v, err := url.Parse(s); err == nil {
		log.Print(v.Redacted())
	}
	t := fmt.Sprintf("postgres://%s:%s@%s/app", user, pass, host)
	log.Print(t)
}

// Values that cannot carry a separator: numbers, hexadecimal digits,
// URL-safe base64, UUIDs.
func safeValues(key []byte, id uuid.UUID, port int) {
	sql.Open("pgx", "postgres://app:"+hex.EncodeToString(key)+"@db/app")
	sql.Open("pgx", "postgres://app:"+base64.RawURLEncoding.EncodeToString(key)+"@db/app")
	sql.Open("pgx", "postgres://app:"+base64.URLEncoding.EncodeToString(key)+"@db/app")
	sql.Open("pgx", "postgres://app:"+id.String()+"@db/app")
	sql.Open("pgx", "postgres://app:"+uuid.NewString()+"@db/app")
	sql.Open("pgx", fmt.Sprintf("postgres://app@db:%d/app", port))
	// The standard alphabet has / and +.
	sql.Open("pgx", "postgres://app:"+base64.StdEncoding.EncodeToString(key)+"@db/app") // want `^DSN for sql\.Open built from base64\.StdEncoding\.EncodeToString\(key\): a password with @ / \? # or % breaks it; use url\.URL with url\.UserPassword$`
}

// A key=value DSN gets key=value advice, whatever the driver.
func keyValue(name string) {
	sql.Open("postgres", "dbname="+name) // want `^DSN for sql\.Open built from name: a space, quote or backslash in a value breaks it; use url\.URL with url\.UserPassword$`
}

// One assembly reaching several sinks is one finding, at the assembly.
func oneChain(user, host string) {
	dsn := fmt.Sprintf("postgres://%s@%s/app", user, host) // want `^DSN for pgxpool\.ParseConfig built from user, host: a value with @ / \? # or % breaks it; build it with url\.URL$`
	if cfg, err := pgxpool.ParseConfig(dsn); err == nil {
		_ = cfg
	}
	sql.Open("pgx", dsn)
}
