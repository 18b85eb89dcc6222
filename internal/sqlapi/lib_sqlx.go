package sqlapi

// sqlxLibrary is what the suite knows of github.com/jmoiron/sqlx. Its DB, Tx,
// Conn, Stmt and Rows embed database/sql's, whose classes they take through
// embedding; Row and NamedStmt wrap handles without embedding them.
var sqlxLibrary = Library{
	Name:        "sqlx",
	ContextAPIs: []string{Sqlx},
	Classes: []Class{
		{Pkg: Sqlx, Type: "Row", Kind: Row, Release: []string{"Scan", "StructScan", "MapScan", "SliceScan"}},
		{Pkg: Sqlx, Type: "NamedStmt", Kind: Stmt, Release: []string{"Close"}, Defer: "Close", TxEnd: true},
	},
	Producers: []ProducerRow{
		// sqlx.Preparex(p, q): a fresh statement on a pool or a connection,
		// one bound to the transaction on a transaction.
		{Pkg: Sqlx, Method: "Preparex", Fresh: true, Arg: 0},
		{Pkg: Sqlx, Method: "PreparexContext", Fresh: true, Arg: 1},
	},
	Owners: []OwnerRow{
		// StructScan reads every row and closes nothing.
		{Pkg: Sqlx, Func: "StructScan", Arg: 0, Effect: Drains},
	},
	Wrappers: []WrapperRow{
		{Pkg: Sqlx, Func: "NewDb", From: 0},
	},
	Openers: []OpenerRow{
		{Pkg: Sqlx, Func: "Open", Opener: Opener{DSN: 1, Driver: 0, SQLDB: true}},
		{Pkg: Sqlx, Func: "MustOpen", Opener: Opener{DSN: 1, Driver: 0, SQLDB: true}},
		{Pkg: Sqlx, Func: "Connect", Opener: Opener{DSN: 1, Driver: 0, SQLDB: true, Connects: true}},
		{Pkg: Sqlx, Func: "MustConnect", Opener: Opener{DSN: 1, Driver: 0, SQLDB: true, Connects: true}},
		{Pkg: Sqlx, Func: "ConnectContext", Opener: Opener{DSN: 2, Driver: 1, SQLDB: true, Connects: true}},
	},
	TwinNames: map[string]Twin{
		"Select":       {Name: "SelectContext"},
		"Get":          {Name: "GetContext"},
		"Queryx":       {Name: "QueryxContext"},
		"QueryRowx":    {Name: "QueryRowxContext"},
		"NamedExec":    {Name: "NamedExecContext"},
		"NamedQuery":   {Name: "NamedQueryContext"},
		"MustExec":     {Name: "MustExecContext"},
		"Preparex":     {Name: "PreparexContext"},
		"PrepareNamed": {Name: "PrepareNamedContext"},
		"Stmtx":        {Name: "StmtxContext"},
		"NamedStmt":    {Name: "NamedStmtContext"},
		"Beginx":       {Name: "BeginTxx", NilOptions: true},
		"MustBegin":    {Name: "MustBeginTx", NilOptions: true},
	},
	ExecNames: map[string]string{
		"Queryx":           "Exec",
		"QueryRowx":        "Exec",
		"QueryxContext":    "ExecContext",
		"QueryRowxContext": "ExecContext",
	},
	Twins: []TwinRow{
		{Pkg: Sqlx, Type: "DB", Names: []string{"Select", "Get", "Queryx", "QueryRowx", "NamedExec", "NamedQuery", "MustExec", "Preparex", "PrepareNamed", "Beginx", "MustBegin"}},
		{Pkg: Sqlx, Type: "Tx", Names: []string{"Select", "Get", "Queryx", "QueryRowx", "NamedExec", "MustExec", "Preparex", "PrepareNamed", "Stmtx", "NamedStmt"}},
		{Pkg: Sqlx, Type: "Stmt", Names: []string{"Select", "Get", "Queryx", "QueryRowx", "MustExec"}},
		{Pkg: Sqlx, Type: "NamedStmt", Names: []string{"Exec", "Query", "QueryRow", "MustExec", "Queryx", "QueryRowx", "Select", "Get"}},
		{Pkg: Sqlx, Type: "", Names: []string{"Select", "Get", "MustExec", "Preparex", "NamedQuery", "NamedExec"}},
	},
}
