package sqlapi

// driversLibrary is what the suite knows of database/sql drivers and gorm's
// dialectors: the functions that take a connection string.
var driversLibrary = Library{
	Name: "drivers",
	Sinks: []SinkRow{
		{Pkg: MySQLDriver, Func: "ParseDSN", Sink: Sink{Arg: 0, Driver: -1, Dialect: MySQL}},
		{Pkg: PQ, Func: "NewConnector", Sink: Sink{Arg: 0, Driver: -1, Dialect: Postgres}},
		{Pkg: GormMySQL, Func: "Open", Sink: Sink{Arg: 0, Driver: -1, Dialect: MySQL}},
		{Pkg: GormPostgres, Func: "Open", Sink: Sink{Arg: 0, Driver: -1, Dialect: Postgres}},
	},
}

// pqValues are lib/pq's value and quoting helpers: a package that imports
// lib/pq for them alone (a SQLite migration that stores a pq.Array) may run
// on any driver.
var pqValues = []string{
	"Array", "BoolArray", "ByteaArray", "Float32Array", "Float64Array", "GenericArray",
	"Int32Array", "Int64Array", "StringArray", "NullTime",
	"QuoteIdentifier", "QuoteLiteral", "FormatTimestamp", "ParseTimestamp",
}

// networkDrivers are the drivers and gorm dialectors of the network
// databases (the rows of SQLite's are in lib_sqlite.go).
var networkDrivers = []DriverRow{
	{Pkg: PQ, Module: PQ, Title: "lib/pq", Names: []string{"postgres"}, Dialect: Postgres, Busy: true, Values: pqValues},
	{Pkg: PgxStdlibV5, Module: PgxV5, Title: "pgx", Names: []string{"pgx", "pgx/v5"}, Dialect: Postgres, Busy: true, FirstRowInQuery: true},
	{Pkg: "github.com/jackc/pgx/stdlib", Module: "github.com/jackc/pgx", Title: "pgx", Names: []string{"pgx"}, Dialect: Postgres, Busy: true},
	{Pkg: PgxStdlibV4, Module: PgxV4, Title: "pgx", Names: []string{"pgx", "pgx/v4"}, Dialect: Postgres, Busy: true, FirstRowInQuery: true},
	{Pkg: MySQLDriver, Module: MySQLDriver, Title: "go-sql-driver/mysql", Names: []string{"mysql"}, Dialect: MySQL, Busy: true},
	{Pkg: "github.com/microsoft/go-mssqldb", Module: "github.com/microsoft/go-mssqldb", Title: "go-mssqldb", Names: []string{"sqlserver", "mssql"}, Dialect: SQLServer, Busy: true},
	{Pkg: "github.com/denisenkom/go-mssqldb", Module: "github.com/denisenkom/go-mssqldb", Title: "go-mssqldb", Names: []string{"sqlserver", "mssql"}, Dialect: SQLServer, Busy: true},
	{Pkg: GormPostgres, Module: PgxV5, Title: "pgx", Dialect: Postgres, Busy: true, Dialector: true},
	{Pkg: GormMySQL, Module: MySQLDriver, Title: "go-sql-driver/mysql", Dialect: MySQL, Busy: true, Dialector: true},
	{Pkg: "gorm.io/driver/sqlserver", Module: "github.com/microsoft/go-mssqldb", Title: "go-mssqldb", Dialect: SQLServer, Busy: true, Dialector: true},
	// Drivers of other databases: known not to be SQLite.
	{Pkg: "github.com/ClickHouse/clickhouse-go", Module: "github.com/ClickHouse/clickhouse-go", Title: "clickhouse-go", Names: []string{"clickhouse"}},
	{Pkg: "github.com/ClickHouse/clickhouse-go/v2", Module: "github.com/ClickHouse/clickhouse-go/v2", Title: "clickhouse-go", Names: []string{"clickhouse"}},
	{Pkg: "github.com/godror/godror", Module: "github.com/godror/godror", Title: "godror", Names: []string{"godror"}},
	{Pkg: "github.com/sijms/go-ora/v2", Module: "github.com/sijms/go-ora/v2", Title: "go-ora", Names: []string{"oracle"}},
	{Pkg: "github.com/snowflakedb/gosnowflake", Module: "github.com/snowflakedb/gosnowflake", Title: "gosnowflake", Names: []string{"snowflake"}},
}
