package sqlapi

// bunLibrary is what the suite knows of github.com/uptrace/bun: a DB that
// embeds database/sql's pool, a Tx that embeds its transaction (BeginTx
// returns it by value), RunInTx holding a transaction for a callback, and
// query builders made on either.
var bunLibrary = Library{
	Name:        "bun",
	Roots:       []string{Bun},
	ContextAPIs: []string{Bun},
	Classes: []Class{
		{Pkg: Bun, Type: "DB", Kind: DB, Release: []string{"Close"}, Defer: "Close",
			Idle: []string{"Close", "String", "DBStats", "Dialect", "Table", "RegisterModel", "WithNamedArg",
				"QueryGen", "WithQueryHook", "AddQueryHook", "ResetQueryHooks", "UpdateFQN", "HasFeature",
				"ScanRows", "ScanRow", "Formatter",
				"NewValues", "NewMerge", "NewSelect", "NewInsert", "NewUpdate", "NewDelete", "NewRaw",
				"NewCreateTable", "NewDropTable", "NewCreateIndex", "NewDropIndex", "NewTruncateTable",
				"NewAddColumn", "NewDropColumn"}},
		{Pkg: Bun, Type: "Tx", Kind: Tx, Release: []string{"Commit", "Rollback"}, Defer: "Rollback", Cancel: true},
	},
	Wrappers: []WrapperRow{
		{Pkg: Bun, Func: "NewDB", From: 0},
	},
	Scoped: []ScopedRow{
		{Pkg: Bun, Type: "DB", Func: "RunInTx", Pool: -1, Callback: 2, Kind: Tx},
	},
	Builders: []BuilderRow{
		{Pkg: Bun,
			Types: []string{"SelectQuery", "InsertQuery", "UpdateQuery", "DeleteQuery", "RawQuery", "MergeQuery",
				"ValuesQuery", "CreateTableQuery", "DropTableQuery", "CreateIndexQuery", "DropIndexQuery",
				"TruncateTableQuery", "AddColumnQuery", "DropColumnQuery"},
			Runs: []string{"Scan", "Exec", "Count", "ScanAndCount", "Exists", "Rows"}},
	},
}
