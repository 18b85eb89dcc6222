// Package filedriver: the driver name is a variable, and every name that
// can reach the opener is a constant. A DSN that only a file database's
// driver gets, or that is made of file system paths, names a file: it sets
// no connection option, so it is not reported.
package filedriver

import (
	"database/sql"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
)

var db *sql.DB

// mailpit's storage: SQLite for a file (a temporary one by default),
// rqlite for an http URL.
func openTempOrRemote(p string) error {
	var driver, dsn string
	if p == "" {
		p = fmt.Sprintf("%s-%d.db", path.Join(os.TempDir(), "app"), time.Now().UnixNano())
		driver = "sqlite"
		dsn = p
	} else if strings.HasPrefix(p, "http://") {
		driver = "rqlite"
		dsn = p
	} else {
		p = filepath.Clean(p)
		driver = "sqlite"
		dsn = fmt.Sprintf("file:%s?cache=shared", p)
	}
	var err error
	db, err = sql.Open(driver, dsn)
	return err
}

// Every driver that can reach the opener is SQLite's: any DSN is a file's.
func openEitherSQLite(dir, name string, cgo bool) (*sql.DB, error) {
	driver := "sqlite"
	if cgo {
		driver = "sqlite3"
	}
	return sql.Open(driver, "file:"+dir+"/"+name+"?_busy_timeout=5000")
}

// SQLite for a path, PostgreSQL for the network: the network DSN is still
// assembled from values.
func openLocalOrServer(dir, host, user, password string) (*sql.DB, error) {
	driver, dsn := "sqlite", filepath.Join(dir, "app.db")
	if host != "" {
		driver = "postgres"
		dsn = fmt.Sprintf("postgres://%s:%s@%s/app", user, password, host) // want `^DSN for sql\.Open built from user, password and 1 more: a password with @ / \? # or % breaks it; use url\.URL with url\.UserPassword$`
	}
	return sql.Open(driver, dsn)
}

// A driver name of unknown origin and a DSN made of a path: a file
// database's, whatever the driver.
func openAny(driver, dir string) (*sql.DB, error) {
	return sql.Open(driver, "file:"+filepath.Join(dir, "app.db")+"?mode=ro")
}

// A driver name of unknown origin and a DSN with a value that is not a
// path.
func openAnyUser(driver, dir string) (*sql.DB, error) {
	return sql.Open(driver, "file:"+filepath.Join(dir, "app.db")+"?mode=ro&_auth_user="+os.Getenv("DB_USER")) // want `^DSN for sql\.Open built from filepath\.Join\(dir, "app\.db"\) and 1 more: a value with & or # breaks the options; build the query with url\.Values$`
}
