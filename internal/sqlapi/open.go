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

// Opener describes a function that opens a connection pool.
type Opener struct {
	// DSN is the index of the connection-string argument, or -1 when the
	// opener takes a connector or a config instead.
	DSN int
	// Driver is the index of the driver-name argument, or -1.
	Driver int
	// SQLDB is set when the pool is a *sql.DB, or a type embedding one: its
	// size is unlimited until SetMaxOpenConns.
	SQLDB bool
}

var openers = map[[2]string]Opener{
	{SQL, "Open"}:                {DSN: 1, Driver: 0, SQLDB: true},
	{SQL, "OpenDB"}:              {DSN: -1, Driver: -1, SQLDB: true},
	{Sqlx, "Open"}:               {DSN: 1, Driver: 0, SQLDB: true},
	{Sqlx, "MustOpen"}:           {DSN: 1, Driver: 0, SQLDB: true},
	{Sqlx, "Connect"}:            {DSN: 1, Driver: 0, SQLDB: true},
	{Sqlx, "MustConnect"}:        {DSN: 1, Driver: 0, SQLDB: true},
	{Sqlx, "ConnectContext"}:     {DSN: 2, Driver: 1, SQLDB: true},
	{PgxPoolV5, "New"}:           {DSN: 1, Driver: -1},
	{PgxPoolV5, "NewWithConfig"}: {DSN: -1, Driver: -1},
	{PgxPoolV4, "Connect"}:       {DSN: 1, Driver: -1},
	{PgxPoolV4, "ConnectConfig"}: {DSN: -1, Driver: -1},
	{PgxStdlibV5, "OpenDB"}:      {DSN: -1, Driver: -1, SQLDB: true},
	{PgxStdlibV4, "OpenDB"}:      {DSN: -1, Driver: -1, SQLDB: true},
	{Gorm, "Open"}:               {DSN: -1, Driver: -1},
}

// OpenerOf reports whether the call opens a connection pool: sql.Open,
// sql.OpenDB, sqlx.Open/MustOpen/Connect/MustConnect/ConnectContext,
// pgxpool.New/NewWithConfig (v4: Connect/ConnectConfig), pgx stdlib.OpenDB,
// gorm.Open.
func OpenerOf(c Call) (Opener, bool) {
	if c.Recv != nil || c.Func.Pkg() == nil {
		return Opener{}, false
	}
	o, ok := openers[[2]string{c.Func.Pkg().Path(), c.Func.Name()}]
	return o, ok
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

var sinks = map[[2]string]Sink{
	{PgxV5, "Connect"}:         {Arg: 1, Driver: -1, Dialect: Postgres},
	{PgxV5, "ParseConfig"}:     {Arg: 0, Driver: -1, Dialect: Postgres},
	{PgxPoolV5, "ParseConfig"}: {Arg: 0, Driver: -1, Dialect: Postgres},
	{PgconnV5, "Connect"}:      {Arg: 1, Driver: -1, Dialect: Postgres},
	{PgconnV5, "ParseConfig"}:  {Arg: 0, Driver: -1, Dialect: Postgres},
	{PgxV4, "Connect"}:         {Arg: 1, Driver: -1, Dialect: Postgres},
	{PgxV4, "ParseConfig"}:     {Arg: 0, Driver: -1, Dialect: Postgres},
	{PgxPoolV4, "ParseConfig"}: {Arg: 0, Driver: -1, Dialect: Postgres},
	{MySQLDriver, "ParseDSN"}:  {Arg: 0, Driver: -1, Dialect: MySQL},
	{PQ, "NewConnector"}:       {Arg: 0, Driver: -1, Dialect: Postgres},
	{GormMySQL, "Open"}:        {Arg: 0, Driver: -1, Dialect: MySQL},
	{GormPostgres, "Open"}:     {Arg: 0, Driver: -1, Dialect: Postgres},
}

// SinkOf reports whether the call passes a connection string to a pool opener
// or a driver's parser: the DSN argument of every [OpenerOf] that takes one,
// pgx.Connect/ParseConfig, pgxpool.ParseConfig, pgconn.Connect/ParseConfig,
// mysql.ParseDSN, pq.NewConnector, and gorm's mysql.Open and postgres.Open.
func SinkOf(c Call) (Sink, bool) {
	if c.Recv != nil || c.Func.Pkg() == nil {
		return Sink{}, false
	}
	key := [2]string{c.Func.Pkg().Path(), c.Func.Name()}
	if s, ok := sinks[key]; ok {
		return s, true
	}
	if o, ok := openers[key]; ok && o.DSN >= 0 {
		d := UnknownDialect
		if key[0] == PgxPoolV5 || key[0] == PgxPoolV4 {
			d = Postgres
		}
		return Sink{Arg: o.DSN, Driver: o.Driver, Dialect: d}, true
	}
	return Sink{}, false
}
