package sqlapi

// gormLibrary and gormV1Library are what the suite knows of gorm: a pool
// opener, and a DB whose database/sql pool DB() returns. In gorm v2 a
// *gorm.DB is the pool, a statement being built on it (Where, Model,
// WithContext return a view of the same pool) and, from Begin, a
// transaction: Runs are the methods that run the statement and take a
// connection; Begin's result is of the class gormTx.
var (
	gormLibrary = Library{
		Name:        "gorm",
		Roots:       []string{Gorm},
		ContextAPIs: []string{Gorm},
		Classes: []Class{
			{Pkg: Gorm, Type: "DB", Kind: DB, Idle: []string{"DB"},
				Runs: []string{"Find", "FindInBatches", "First", "Take", "Last", "Create", "CreateInBatches",
					"Save", "Update", "Updates", "UpdateColumn", "UpdateColumns", "Delete", "Exec", "Scan",
					"Count", "Pluck", "Row", "Rows", "FirstOrCreate", "FirstOrInit", "Begin", "Transaction",
					"Connection", "AutoMigrate", "Commit", "Rollback", "SavePoint", "RollbackTo"},
				Begins: []string{"Begin"}, TxClass: &gormTx, WithContext: "WithContext"},
		},
		Wrappers: []WrapperRow{
			{Pkg: Gorm, Type: "DB", Func: "DB", From: -1},
		},
		Scoped: []ScopedRow{
			{Pkg: Gorm, Type: "DB", Func: "Transaction", Pool: -1, Callback: 0, Kind: Tx},
		},
		Openers: []OpenerRow{
			{Pkg: Gorm, Func: "Open", Opener: Opener{DSN: -1, Driver: -1, Connects: true}},
		},
	}

	// gormTx is the class of a *gorm.DB returned by Begin: a transaction,
	// ended by Commit or Rollback (each returning the *gorm.DB); a failed
	// Begin sets its Error and holds nothing. WithContext, Session and Debug
	// return a session whose statement uses the same *sql.Tx: its Commit or
	// Rollback ends the transaction.
	gormTx = Class{Pkg: Gorm, Type: "DB", Kind: Tx, Release: []string{"Commit", "Rollback"}, Defer: "Rollback", ErrField: "Error",
		Sessions: []string{"WithContext", "Session", "Debug"}}

	// gorm before v2, still common in older services: gorm.Open("mysql", dsn).
	gormV1Library = Library{
		Name: "gorm v1",
		Classes: []Class{
			{Pkg: GormV1, Type: "DB", Kind: DB, Release: []string{"Close"}, Defer: "Close", Idle: []string{"Close", "DB"}},
		},
		Wrappers: []WrapperRow{
			{Pkg: GormV1, Type: "DB", Func: "DB", From: -1},
		},
		Openers: []OpenerRow{
			// func Open(dialect string, args ...interface{}) (*DB, error): the
			// first of args is a DSN or an existing *sql.DB, so no DSN index
			// is claimed.
			{Pkg: GormV1, Func: "Open", Opener: Opener{DSN: -1, Driver: 0, Connects: true}},
		},
	}
)
