package realcode

import (
	"database/sql"
	"fmt"
	"os"
)

// A DSN helper whose parameter only ever receives constants, from every
// call of every unexported helper that passes it on (up to three callers
// up): the value is one of those constants, and nothing in it can break
// the DSN. Silent.
type pgRunner struct{ Port int }

func (r *pgRunner) DataSourceName() string { return r.dataSourceName("testdb") }

func (r *pgRunner) OpenTemplate() (*sql.DB, error) { return r.openConn("testdb_template") }

func (r *pgRunner) Open() (*sql.DB, error) { return r.open("testdb") }

func (r *pgRunner) open(name string) (*sql.DB, error) { return r.openConn(name) }

func (r *pgRunner) openConn(dbName string) (*sql.DB, error) {
	return sql.Open("pgx", r.dataSourceName(dbName))
}

func (r *pgRunner) dataSourceName(dbName string) string {
	return fmt.Sprintf("host=/tmp user=postgres dbname=%s sslmode=disable port=%d", dbName, r.Port)
}

// One caller passes the environment's value, two helpers up: reported.
type envRunner struct{ Port int }

func (r *envRunner) Open() (*sql.DB, error) { return r.open(os.Getenv("DB_NAME")) }

func (r *envRunner) OpenTest() (*sql.DB, error) { return r.open("testdb") }

func (r *envRunner) open(name string) (*sql.DB, error) { return r.openConn(name) }

func (r *envRunner) openConn(dbName string) (*sql.DB, error) {
	return sql.Open("pgx", r.dataSourceName(dbName))
}

func (r *envRunner) dataSourceName(dbName string) string {
	return fmt.Sprintf("host=/tmp user=postgres dbname=%s sslmode=disable port=%d", dbName, r.Port) // want `^DSN for sql\.Open built from dbName: a space, quote or backslash in a value breaks it; use url\.URL with url\.UserPassword$`
}

// A helper also used as a value: whoever calls the value may pass
// anything. Reported.
var nameDSN = valueDSN

func valueDSN(dbName string) string {
	return fmt.Sprintf("host=/tmp user=postgres dbname=%s sslmode=disable", dbName) // want `^Sprintf builds a postgres DSN from dbName: a space, quote or backslash in a value breaks it; use url\.URL with url\.UserPassword$`
}

func useValueDSN() string { return valueDSN("testdb") }

// An exported helper: another package may call it with anything. Reported.
func ExportedDSN(dbName string) string {
	return fmt.Sprintf("host=/tmp user=postgres dbname=%s sslmode=disable", dbName) // want `^Sprintf builds a postgres DSN from dbName: a space, quote or backslash in a value breaks it; use url\.URL with url\.UserPassword$`
}

func useExportedDSN() string { return ExportedDSN("testdb") }
