package a

import (
	"database/sql"
	"net/url"
	"strings"
)

// An SQLite URI under a driver name the program registers: the operator's
// file path sits before the ?, where @ / & = and spaces are literal, and
// the options are a builder's: silent.
func openSQLiteURI(addr string) (*sql.DB, error) {
	prefs := make(url.Values)
	prefs.Add("_txlock", "immediate")
	var b strings.Builder
	b.WriteString("file:")
	b.WriteString(addr)
	b.WriteString("?")
	b.WriteString(prefs.Encode())
	return sql.Open("sqlite-app", b.String())
}

// A value among the options can add others: reported.
func openSQLiteURIMode(addr, mode string) (*sql.DB, error) {
	return sql.Open("sqlite-app", "file:"+addr+"?_journal_mode="+mode) // want `^DSN for sql\.Open built from addr, mode: a value with & or # breaks the options; build the query with url\.Values$`
}
