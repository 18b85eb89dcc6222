package a

import (
	"database/sql"
	"flag"

	"github.com/jmoiron/sqlx"
)

const noLimit = 0

const typedNoLimit int = 0

const maxConns = 10

var flagMax = flag.Int("max-open", 25, "")

type Config struct {
	MaxOpen int
}

// Store is a user type that reaches SetMaxOpenConns by embedding.
type Store struct {
	*sql.DB
}

// Repo embeds a type that embeds *sql.DB.
type Repo struct {
	Store
}

// DBAlias is an alias: the method is still (*sql.DB).SetMaxOpenConns.
type DBAlias = sql.DB

// Pooler is an interface whose method has database/sql's signature.
type Pooler interface {
	SetMaxOpenConns(n int)
}

// ownPool has its own SetMaxOpenConns: not database/sql's.
type ownPool struct{}

func (ownPool) SetMaxOpenConns(n int) {}

func literals(db *sql.DB) {
	db.SetMaxOpenConns(0)             // want `^SetMaxOpenConns\(0\) means no limit: a traffic spike opens connections until the database refuses them; set a positive limit$`
	db.SetMaxOpenConns(-1)            // want `^SetMaxOpenConns\(-1\) means no limit: a traffic spike opens connections until the database refuses them; set a positive limit$`
	db.SetMaxOpenConns((0))           // want `^SetMaxOpenConns\(\(0\)\) means no limit: a traffic spike opens connections until the database refuses them; set a positive limit$`
	db.SetMaxOpenConns(noLimit)       // want `^SetMaxOpenConns\(noLimit\) means no limit \(noLimit is 0\): a traffic spike opens connections until the database refuses them; set a positive limit$`
	db.SetMaxOpenConns(typedNoLimit)  // want `^SetMaxOpenConns\(typedNoLimit\) means no limit \(typedNoLimit is 0\): a traffic spike opens connections until the database refuses them; set a positive limit$`
	db.SetMaxOpenConns(maxConns - 10) // want `^SetMaxOpenConns\(maxConns - 10\) means no limit \(maxConns - 10 is 0\): a traffic spike opens connections until the database refuses them; set a positive limit$`
	db.SetMaxOpenConns(2 * 0)         // want `^SetMaxOpenConns\(2 \* 0\) means no limit \(2 \* 0 is 0\): a traffic spike opens connections until the database refuses them; set a positive limit$`
	db.SetMaxOpenConns(1 - maxConns)  // want `^SetMaxOpenConns\(1 - maxConns\) means no limit \(1 - maxConns is -9\): a traffic spike opens connections until the database refuses them; set a positive limit$`
}

func positive(db *sql.DB, cfg Config, n int) {
	db.SetMaxOpenConns(20)
	db.SetMaxOpenConns(maxConns)
	db.SetMaxOpenConns(cfg.MaxOpen) // a config field: its value is not known here
	db.SetMaxOpenConns(*flagMax)
	db.SetMaxOpenConns(n)
	limit := 0
	db.SetMaxOpenConns(limit) // a variable, not a constant
	db.SetMaxIdleConns(0)     // want `^SetMaxIdleConns\(0\) keeps no idle connection: every query dials anew and load exhausts ports; keep some idle$`
}

func embedded(x *sqlx.DB, s *Store, r Repo, a *DBAlias) {
	x.SetMaxOpenConns(0)       // want `^SetMaxOpenConns\(0\) means no limit: a traffic spike opens connections until the database refuses them; set a positive limit$`
	s.SetMaxOpenConns(0)       // want `^SetMaxOpenConns\(0\) means no limit: a traffic spike opens connections until the database refuses them; set a positive limit$`
	s.DB.SetMaxOpenConns(0)    // want `^SetMaxOpenConns\(0\) means no limit: a traffic spike opens connections until the database refuses them; set a positive limit$`
	r.SetMaxOpenConns(noLimit) // want `^SetMaxOpenConns\(noLimit\) means no limit \(noLimit is 0\): a traffic spike opens connections until the database refuses them; set a positive limit$`
	a.SetMaxOpenConns(0)       // want `^SetMaxOpenConns\(0\) means no limit: a traffic spike opens connections until the database refuses them; set a positive limit$`
	x.SetMaxOpenConns(16)
}

func methodValues(db *sql.DB) {
	set := db.SetMaxOpenConns
	set(0) // want `^SetMaxOpenConns\(0\) means no limit: a traffic spike opens connections until the database refuses them; set a positive limit$`
	set(8)

	(*sql.DB).SetMaxOpenConns(db, 0) // want `^SetMaxOpenConns\(0\) means no limit: a traffic spike opens connections until the database refuses them; set a positive limit$`

	// Reassigned: what it calls is not known.
	other := db.SetMaxOpenConns
	other = func(int) {}
	other(0)
}

func interfaces(p Pooler, o ownPool) {
	p.SetMaxOpenConns(0) // want `^SetMaxOpenConns\(0\) means no limit: a traffic spike opens connections until the database refuses them; set a positive limit$`
	o.SetMaxOpenConns(0) // not database/sql's method
}

func generic[P interface{ SetMaxOpenConns(int) }](p P) {
	p.SetMaxOpenConns(0) // want `^SetMaxOpenConns\(0\) means no limit: a traffic spike opens connections until the database refuses them; set a positive limit$`
}

func genericDB[T any](db *sql.DB, v T) {
	db.SetMaxOpenConns(0) // want `^SetMaxOpenConns\(0\) means no limit: a traffic spike opens connections until the database refuses them; set a positive limit$`
}

func closures(db *sql.DB) func() {
	return func() {
		db.SetMaxOpenConns(0) // want `^SetMaxOpenConns\(0\) means no limit: a traffic spike opens connections until the database refuses them; set a positive limit$`
	}
}

func suppressed(db *sql.DB) {
	//dbpoollint:ignore maxopenzero pgbouncer in transaction mode caps the connections in front of this pool
	db.SetMaxOpenConns(0)

	db.SetMaxOpenConns(0) //dbpoollint:ignore maxopenzero,rowsclose capped by pgbouncer

	//dbpoollint:ignore rowsclose names another analyzer, so maxopenzero still reports
	db.SetMaxOpenConns(0) // want `^SetMaxOpenConns\(0\) means no limit: a traffic spike opens connections until the database refuses them; set a positive limit$`

	//dbpoollint:ignore maxopenzero a directive two lines above does not reach

	db.SetMaxOpenConns(0) // want `^SetMaxOpenConns\(0\) means no limit: a traffic spike opens connections until the database refuses them; set a positive limit$`
}

// Configure is a helper that b calls.
func Configure(db *sql.DB, n int) {
	db.SetMaxOpenConns(n)
}

// opened returns an unlimited pool: reported only with -require-limit.
func opened(dsn string) (*sql.DB, error) {
	return sql.Open("postgres", dsn)
}
