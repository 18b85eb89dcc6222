package sqlapi

// pgxV5Library and pgxV4Library are what the suite knows of pgx used
// natively, without database/sql: pgxpool's pool and its connections,
// pgx's connections, transactions, rows and batches. The two major versions
// share the API the rows below describe; v5 adds the Collect helpers and
// the package-level BeginFunc, v4 has BeginFunc as a method.
var (
	pgxV5Library = pgxLibrary("pgx v5", PgxV5, PgxPoolV5, PgconnV5, PgxStdlibV5, true)
	pgxV4Library = pgxLibrary("pgx v4", PgxV4, PgxPoolV4, "", PgxStdlibV4, false)
)

func pgxLibrary(name, pgx, pool, pgconn, stdlib string, v5 bool) Library {
	lib := Library{
		Name:        name,
		Roots:       []string{pgx, pool},
		ContextAPIs: []string{pgx, pool},
		Classes: []Class{
			{Pkg: pool, Type: "Pool", Kind: DB, Release: []string{"Close"}, Defer: "Close",
				Idle: []string{"Close", "Config", "Stat", "Reset"}, Bounded: true},
			// A connection acquired from the pool goes back with Release;
			// Hijack takes it out of the pool for good (the *pgx.Conn it
			// returns is then the caller's to close).
			{Pkg: pool, Type: "Conn", Kind: Conn, Release: []string{"Release"}, Defer: "Release", HandOver: []string{"Hijack"}},
			{Pkg: pgx, Type: "Conn", Kind: Conn, Release: []string{"Close"}, Defer: "Close", DeferCtx: true, Standalone: true},
			{Pkg: pgx, Type: "Tx", Kind: Tx, Release: []string{"Commit", "Rollback"}, Defer: "Rollback", DeferCtx: true},
			// Rows close when Next returns false; the end of a transaction
			// does not close them (the transaction's next statement fails:
			// "conn busy").
			// A failed Scan closes them too (pgx's rows.fatal).
			{Pkg: pgx, Type: "Rows", Kind: Rows, Release: []string{"Close"}, Defer: "Close", Drain: "Next", ScanErrReleases: true},
			{Pkg: pgx, Type: "Row", Kind: Row, Release: []string{"Scan"}},
			{Pkg: pgx, Type: "BatchResults", Kind: Batch, Release: []string{"Close"}, Defer: "Close"},
		},
		Producers: []ProducerRow{
			// Views of the connection a handle keeps.
			{Pkg: pgx, Type: "Tx", Method: "Conn", Arg: -1},
			{Pkg: pgx, Type: "Rows", Method: "Conn", Arg: -1},
			{Pkg: pool, Type: "Conn", Method: "Conn", Arg: -1},
		},
		Openers: []OpenerRow{
			{Pkg: stdlib, Func: "OpenDB", Opener: Opener{DSN: -1, Driver: -1, SQLDB: true}},
			// One connection, not a pool: opened per request it costs a
			// connection's handshake per request all the same.
			{Pkg: pgx, Func: "Connect", Opener: Opener{DSN: 1, Driver: -1, Connects: true, Single: true, Dialect: Postgres}},
			{Pkg: pgx, Func: "ConnectConfig", Opener: Opener{DSN: -1, Driver: -1, Connects: true, Single: true, Dialect: Postgres}},
		},
		Sinks: []SinkRow{
			{Pkg: pgx, Func: "ParseConfig", Sink: Sink{Arg: 0, Driver: -1, Dialect: Postgres}},
			{Pkg: pool, Func: "ParseConfig", Sink: Sink{Arg: 0, Driver: -1, Dialect: Postgres}},
		},
	}
	if v5 {
		lib.Roots = append(lib.Roots, pgconn)
		lib.ContextAPIs = append(lib.ContextAPIs, pgconn)
		lib.Openers = append(lib.Openers,
			OpenerRow{Pkg: pool, Func: "New", Opener: Opener{DSN: 1, Driver: -1, Dialect: Postgres}},
			OpenerRow{Pkg: pool, Func: "NewWithConfig", Opener: Opener{DSN: -1, Driver: -1}},
		)
		lib.Sinks = append(lib.Sinks,
			SinkRow{Pkg: pgconn, Func: "Connect", Sink: Sink{Arg: 1, Driver: -1, Dialect: Postgres}},
			SinkRow{Pkg: pgconn, Func: "ParseConfig", Sink: Sink{Arg: 0, Driver: -1, Dialect: Postgres}},
		)
		// The Collect helpers read the rows and close them, whatever happens.
		lib.Owners = []OwnerRow{
			{Pkg: pgx, Func: "CollectRows", Arg: 0, Effect: Releases},
			{Pkg: pgx, Func: "CollectOneRow", Arg: 0, Effect: Releases},
			{Pkg: pgx, Func: "CollectExactlyOneRow", Arg: 0, Effect: Releases},
			{Pkg: pgx, Func: "ForEachRow", Arg: 0, Effect: Releases},
			{Pkg: pgx, Func: "AppendRows", Arg: 1, Effect: Releases},
		}
		lib.Scoped = []ScopedRow{
			{Pkg: pgx, Func: "BeginFunc", Pool: 1, Callback: 2, Kind: Tx},
			{Pkg: pgx, Func: "BeginTxFunc", Pool: 1, Callback: 3, Kind: Tx},
			{Pkg: pool, Type: "Pool", Func: "AcquireFunc", Pool: -1, Callback: 1, Kind: Conn},
		}
	} else {
		lib.Openers = append(lib.Openers,
			OpenerRow{Pkg: pool, Func: "Connect", Opener: Opener{DSN: 1, Driver: -1, Connects: true, Dialect: Postgres}},
			OpenerRow{Pkg: pool, Func: "ConnectConfig", Opener: Opener{DSN: -1, Driver: -1, Connects: true}},
		)
		lib.Scoped = []ScopedRow{
			{Pkg: pool, Type: "Pool", Func: "BeginFunc", Pool: -1, Callback: 1, Kind: Tx},
			{Pkg: pool, Type: "Pool", Func: "BeginTxFunc", Pool: -1, Callback: 2, Kind: Tx},
			{Pkg: pool, Type: "Pool", Func: "AcquireFunc", Pool: -1, Callback: 1, Kind: Conn},
		}
	}
	return lib
}
