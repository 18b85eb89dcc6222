package sqlapi

// databaseSQL is what the suite knows of database/sql.
var databaseSQL = Library{
	Name:        "database/sql",
	Roots:       []string{SQL},
	ContextAPIs: []string{SQL},
	Classes: []Class{
		{Pkg: SQL, Type: "DB", Kind: DB, Release: []string{"Close"}, Defer: "Close",
			Idle:     []string{"Close", "SetMaxOpenConns", "SetMaxIdleConns", "SetConnMaxLifetime", "SetConnMaxIdleTime", "Stats", "Driver"},
			Settings: []string{"SetMaxOpenConns", "SetMaxIdleConns", "SetConnMaxLifetime", "SetConnMaxIdleTime"}},
		{Pkg: SQL, Type: "Conn", Kind: Conn, Release: []string{"Close"}, Defer: "Close"},
		{Pkg: SQL, Type: "Tx", Kind: Tx, Release: []string{"Commit", "Rollback"}, Defer: "Rollback", Cancel: true},
		{Pkg: SQL, Type: "Stmt", Kind: Stmt, Release: []string{"Close"}, Defer: "Close", TxEnd: true},
		{Pkg: SQL, Type: "Rows", Kind: Rows, Release: []string{"Close"}, Defer: "Close", Drain: "Next", TxEnd: true, Cancel: true, ErrCloses: true},
		{Pkg: SQL, Type: "Row", Kind: Row, Release: []string{"Scan"}, Cancel: true},
	},
	Openers: []OpenerRow{
		{Pkg: SQL, Func: "Open", Opener: Opener{DSN: 1, Driver: 0, SQLDB: true}},
		{Pkg: SQL, Func: "OpenDB", Opener: Opener{DSN: -1, Driver: -1, SQLDB: true}},
	},
	TwinNames: map[string]Twin{
		"Query":    {Name: "QueryContext"},
		"QueryRow": {Name: "QueryRowContext"},
		"Exec":     {Name: "ExecContext"},
		"Prepare":  {Name: "PrepareContext"},
		"Ping":     {Name: "PingContext"},
		"Stmt":     {Name: "StmtContext"},
		"Begin":    {Name: "BeginTx", NilOptions: true},
	},
	ExecNames: map[string]string{
		"Query":           "Exec",
		"QueryRow":        "Exec",
		"QueryContext":    "ExecContext",
		"QueryRowContext": "ExecContext",
	},
	Twins: []TwinRow{
		{Pkg: SQL, Type: "DB", Names: []string{"Query", "QueryRow", "Exec", "Prepare", "Begin", "Ping"}},
		{Pkg: SQL, Type: "Tx", Names: []string{"Query", "QueryRow", "Exec", "Prepare", "Stmt"}},
		{Pkg: SQL, Type: "Stmt", Names: []string{"Query", "QueryRow", "Exec"}},
	},
}
