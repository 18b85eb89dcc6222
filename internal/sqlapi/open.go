package sqlapi

import "strings"

// Dialect is the connection-string syntax a DSN is written in.
type Dialect int

const (
	UnknownDialect Dialect = iota
	// MySQL: user:pass@tcp(host:3306)/db?param=value (go-sql-driver/mysql).
	MySQL
	// Postgres: a postgres:// URL or key=value pairs (lib/pq, pgx).
	Postgres
	// SQLServer: a sqlserver:// URL or key=value pairs.
	SQLServer
)

func (d Dialect) String() string {
	switch d {
	case MySQL:
		return "mysql"
	case Postgres:
		return "postgres"
	case SQLServer:
		return "sqlserver"
	}
	return ""
}

// DialectOfDriver returns the dialect of a database/sql driver name, as passed
// to sql.Open.
func DialectOfDriver(name string) Dialect {
	switch strings.ToLower(name) {
	case "mysql", "nrmysql":
		return MySQL
	case "postgres", "postgresql", "pgx", "pgx/v4", "pgx/v5", "nrpostgres", "cloudsqlpostgres":
		return Postgres
	case "sqlserver", "mssql", "azuresql":
		return SQLServer
	}
	return UnknownDialect
}

// Opener describes a function that opens a connection pool (or, with
// Single, one connection).
type Opener struct {
	// DSN is the index of the connection-string argument, or -1 when the
	// opener takes a connector or a config instead.
	DSN int
	// Driver is the index of the driver-name argument, or -1.
	Driver int
	// SQLDB is set when the pool is a *sql.DB, or a type embedding one: its
	// size is unlimited until SetMaxOpenConns.
	SQLDB bool
	// Connects is set when the opener connects before it returns (sqlx's
	// Connect pings, gorm.Open pings): database/sql and pgxpool v5 connect
	// lazily, when the pool is first used.
	Connects bool
	// Single is set when the opener opens one connection, not a pool
	// (pgx.Connect).
	Single bool
	// Dialect is the syntax of the connection string, when the opener fixes
	// one.
	Dialect Dialect
}

// Sink describes a function that takes a connection string.
type Sink struct {
	// Arg is the index of the connection-string argument.
	Arg int
	// Driver is the index of a driver-name argument that tells the dialect, or -1.
	Driver int
	// Dialect is the syntax the function expects, when it fixes one.
	Dialect Dialect
}
