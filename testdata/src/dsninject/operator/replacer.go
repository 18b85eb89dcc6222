package operator

import (
	"database/sql"
	"sort"
	"strings"
)

// A key=value DSN whose values go through a strings.Replacer that writes a
// backslash before every backslash, single quote and space (stolon's
// ConnParams.ConnString): libpq and lib/pq read the escapes back, so no
// value can end its pair. Silent.
func kvConnString(p map[string]string) string {
	esc := strings.NewReplacer(` `, `\ `, `'`, `\'`, `\`, `\\`)
	var kvs []string
	for k, v := range p {
		if v != "" {
			kvs = append(kvs, k+"="+esc.Replace(v))
		}
	}
	sort.Strings(kvs)
	return strings.Join(kvs, " ")
}

func openEscapedLocal(p map[string]string) (*sql.DB, error) {
	return sql.Open("postgres", kvConnString(p))
}

// The same replacer as a package variable.
var kvEscaper = strings.NewReplacer(`\`, `\\`, `'`, `\'`, ` `, `\ `)

func openEscapedPackageVar(host, password string) (*sql.DB, error) {
	return sql.Open("postgres", "host="+kvEscaper.Replace(host)+" password="+kvEscaper.Replace(password))
}

// A replacer that leaves the backslash alone: a password ending in a
// backslash escapes the separator after it. Reported.
var quoteOnly = strings.NewReplacer(`'`, `\'`, ` `, `\ `)

func openQuoteOnly(host, password string) (*sql.DB, error) {
	return sql.Open("postgres", "host="+host+" password="+quoteOnly.Replace(password)) // want `^DSN for sql\.Open built from host and 1 more: a password with a space, quote or backslash breaks it; use url\.URL with url\.UserPassword$`
}

// A replacer whose pairs are not all constants is not known to escape.
func openDynamicReplacer(host, password, bs string) (*sql.DB, error) {
	r := strings.NewReplacer(bs, `\\`, `'`, `\'`, ` `, `\ `)
	return sql.Open("postgres", "host="+r.Replace(host)+" password="+r.Replace(password)) // want `^DSN for sql\.Open built from r\.Replace\(host\) and 1 more: a password with a space, quote or backslash breaks it; use url\.URL with url\.UserPassword$`
}
