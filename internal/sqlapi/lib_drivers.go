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
