package sqlapi

import (
	"go/types"
	"strings"
)

// sqliteDrivers are the database/sql drivers of SQLite, whose connections
// run a statement while the rows of another are still being read.
var sqliteDrivers = map[string]bool{
	"github.com/mattn/go-sqlite3":          true,
	"modernc.org/sqlite":                   true,
	"github.com/glebarez/go-sqlite":        true,
	"github.com/glebarez/sqlite":           true,
	"github.com/ncruces/go-sqlite3/driver": true,
	"github.com/tursodatabase/go-libsql":   true,
}

// networkDrivers are the prefixes of the import paths of drivers whose
// connections refuse a second statement while rows are unread.
var networkDrivers = []string{
	MySQLDriver, PQ, PgxV5, PgxV4,
	"github.com/microsoft/go-mssqldb", "github.com/denisenkom/go-mssqldb",
	"github.com/ClickHouse/clickhouse-go", "github.com/godror/godror",
	"github.com/sijms/go-ora", "github.com/snowflakedb/gosnowflake",
}

// OnlySQLite reports whether the package imports a SQLite driver and no
// driver of a network database: its transactions and connections are
// SQLite's.
func OnlySQLite(pkg *types.Package) bool {
	sqlite := false
	for _, imp := range pkg.Imports() {
		p := imp.Path()
		if sqliteDrivers[p] {
			sqlite = true
			continue
		}
		for _, d := range networkDrivers {
			if p == d || strings.HasPrefix(p, d+"/") {
				return false
			}
		}
	}
	return sqlite
}
