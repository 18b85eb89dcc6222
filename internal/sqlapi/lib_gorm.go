package sqlapi

// gormLibrary and gormV1Library are what the suite knows of gorm: a pool
// opener, and a DB whose database/sql pool DB() returns. Every chained
// method returns a view of the same pool.
var (
	gormLibrary = Library{
		Name:        "gorm",
		Roots:       []string{Gorm},
		ContextAPIs: []string{Gorm},
		Classes: []Class{
			{Pkg: Gorm, Type: "DB", Kind: DB, Idle: []string{"DB"}},
		},
		Wrappers: []WrapperRow{
			{Pkg: Gorm, Type: "DB", Func: "DB", From: -1},
		},
		Openers: []OpenerRow{
			{Pkg: Gorm, Func: "Open", Opener: Opener{DSN: -1, Driver: -1, Connects: true}},
		},
	}

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
