// Package sizing holds maxopenzero's idle and lifetime categories.
package sizing

import (
	"database/sql"
	"time"
)

type Config struct {
	MaxOpen, MaxIdle int
	Lifetime         time.Duration
}

const (
	maxOpen = 50
	maxIdle = 10
)

// The seed's recommended configuration: silent.
func Recommended(dsn string) (*sql.DB, error) {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(30)
	db.SetMaxIdleConns(10)
	db.SetConnMaxLifetime(30 * time.Minute)
	return db, nil
}

// ---- the idle pool disabled ----

func IdleDisabled(db *sql.DB) {
	db.SetMaxIdleConns(0)            // want `^SetMaxIdleConns\(0\) keeps no idle connection: every query dials anew and load exhausts ports; keep some idle$`
	db.SetMaxIdleConns(-1)           // want `^SetMaxIdleConns\(-1\) keeps no idle connection: every query dials anew and load exhausts ports; keep some idle$`
	db.SetMaxIdleConns(maxIdle - 10) // want `^SetMaxIdleConns\(maxIdle - 10\) keeps no idle connection: every query dials anew and load exhausts ports; keep some idle$`
}

func IdleFromConfig(db *sql.DB, cfg Config) {
	db.SetMaxIdleConns(cfg.MaxIdle) // not a constant
}

// A method value.
func IdleMethodValue(db *sql.DB) {
	set := db.SetMaxIdleConns
	set(0) // want `^SetMaxIdleConns\(0\) keeps no idle connection: every query dials anew and load exhausts ports; keep some idle$`
}

// ---- Go's default of 2 idle under a large open limit ----

// Opened, sized without an idle limit, returned out of the package.
func OpenLarge(dsn string) (*sql.DB, error) {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(maxOpen) // want `^SetMaxOpenConns\(maxOpen\) keeps Go's 2 idle: under load 48 of 50 connections are redialed after each use; call SetMaxIdleConns too$`
	return db, nil
}

// Small pools are what the default is for: silent.
func OpenSmall(dsn string) (*sql.DB, error) {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(5)
	return db, nil
}

// The idle limit set after the open one: silent.
func OpenSized(dsn string) *sql.DB {
	db, _ := sql.Open("postgres", dsn)
	db.SetMaxOpenConns(100)
	db.SetMaxIdleConns(25)
	return db
}

// From a config: not a constant, silent.
func OpenConfigured(dsn string, cfg Config) *sql.DB {
	db, _ := sql.Open("postgres", dsn)
	db.SetMaxOpenConns(cfg.MaxOpen)
	return db
}

// newPool's only caller sets the idle limit: silent.
func newPool(dsn string) *sql.DB {
	db, _ := sql.Open("postgres", dsn)
	db.SetMaxOpenConns(40)
	return db
}

func Pool(dsn string) *sql.DB {
	db := newPool(dsn)
	db.SetMaxIdleConns(40)
	return db
}

// A parameter: the caller's pool, its idle limit the caller's business.
func Size(db *sql.DB) {
	db.SetMaxOpenConns(64)
}

type Server struct {
	db *sql.DB
}

// A field sized in one method and given its idle limit in another: silent.
func (s *Server) sizeOpen() { s.db.SetMaxOpenConns(60) }
func (s *Server) sizeIdle() { s.db.SetMaxIdleConns(60) }

type Store struct {
	pool *sql.DB
}

// A field that never gets an idle limit.
func (s *Store) Open(dsn string) error {
	var err error
	s.pool, err = sql.Open("postgres", dsn)
	if err != nil {
		return err
	}
	s.pool.SetMaxOpenConns(80) // want `^SetMaxOpenConns\(80\) keeps Go's 2 idle: under load 78 of 80 connections are redialed after each use; call SetMaxIdleConns too$`
	s.pool.SetConnMaxLifetime(time.Hour)
	return nil
}

// Embedding: *sql.DB's methods promoted.
type Embedded struct {
	*sql.DB
}

func OpenEmbedded(dsn string) Embedded {
	db, _ := sql.Open("postgres", dsn)
	e := Embedded{db}
	e.SetMaxOpenConns(20)
	e.SetMaxIdleConns(0) // want `^SetMaxIdleConns\(0\) keeps no idle connection: every query dials anew and load exhausts ports; keep some idle$`
	return e
}

// ---- idle above open ----

func IdleAboveOpen(dsn string) *sql.DB {
	db, _ := sql.Open("postgres", dsn)
	db.SetMaxOpenConns(10)
	db.SetMaxIdleConns(20) // want `^SetMaxIdleConns\(20\) exceeds SetMaxOpenConns\(10\) at line 145: database/sql lowers it to 10, so the code misleads; set at most 10$`
	return db
}

func IdleEqualsOpen(dsn string) *sql.DB {
	db, _ := sql.Open("postgres", dsn)
	db.SetMaxOpenConns(10)
	db.SetMaxIdleConns(10)
	return db
}

// ---- durations without a unit ----

const lifetimeSeconds = 1800

const typedLifetime time.Duration = 300 // typed Duration: the author chose; silent

func Durations(db *sql.DB, cfg Config) {
	db.SetConnMaxLifetime(1800)                   // want `^SetConnMaxLifetime\(1800\) is 1800ns: each connection is redialed after one use; write 1800 \* time\.Second$`
	db.SetConnMaxIdleTime(30)                     // want `^SetConnMaxIdleTime\(30\) is 30ns: each connection is redialed after one use; write it with a unit: time\.Second, time\.Minute$`
	db.SetConnMaxLifetime(lifetimeSeconds)        // want `^SetConnMaxLifetime\(lifetimeSeconds\) is 1800ns: each connection is redialed after one use; write it with a unit: time\.Second, time\.Minute$`
	db.SetConnMaxLifetime(time.Duration(600))     // want `^SetConnMaxLifetime\(time\.Duration\(600\)\) is 600ns: each connection is redialed after one use; write 600 \* time\.Second$`
	db.SetConnMaxLifetime(0)                      // no expiry: Go's default, silent
	db.SetConnMaxLifetime(typedLifetime)          // silent
	db.SetConnMaxLifetime(500 * time.Microsecond) // a unit: the author means it, silent
	db.SetConnMaxLifetime(time.Duration(lifetimeSeconds) * time.Second)
	db.SetConnMaxLifetime(cfg.Lifetime) // not a constant
	db.SetConnMaxLifetime(2_000_000)    // 2ms: an odd choice, but a choice; silent
}

type poolConfig struct{ MaxIdleConns, MaxOpenConns int }

// The constant 0 is the operator's configured value written out (a
// workaround for servers that close idle connections): silent.
func openConfigured(cfg poolConfig) *sql.DB {
	db, _ := sql.Open("mysql", "")
	db.SetMaxOpenConns(cfg.MaxOpenConns)
	if cfg.MaxIdleConns == 0 {
		db.SetMaxIdleConns(0)
	} else {
		db.SetMaxIdleConns(cfg.MaxIdleConns)
	}
	return db
}

// Without the else that passes the configured value, it is a choice of
// this code: reported.
func openZeroIdle(cfg poolConfig) *sql.DB {
	db, _ := sql.Open("mysql", "")
	db.SetMaxOpenConns(cfg.MaxOpenConns)
	if cfg.MaxOpenConns > 0 {
		db.SetMaxIdleConns(0) // want `^SetMaxIdleConns\(0\) keeps no idle connection: every query dials anew and load exhausts ports; keep some idle$`
	}
	return db
}

// ---- the idle pool disabled on a pool of one connection ----

// One connection, never kept idle: each statement gets a fresh session, so
// a SET ROLE does not reach the next one, and one connection redialed
// serially cannot exhaust ports. Silent (postgres-operator's shape).
func openSingle(dsn string, retry func(func() error) error) (*sql.DB, error) {
	var conn *sql.DB
	if err := retry(func() error {
		var err error
		conn, err = sql.Open("postgres", dsn)
		return err
	}); err != nil {
		return nil, err
	}
	// Limit ourselves to a single connection and allow no idle connections.
	conn.SetMaxOpenConns(1)
	conn.SetMaxIdleConns(-1)
	return conn, nil
}

type single struct{ db *sql.DB }

func (s *single) open() {
	s.db.SetMaxIdleConns(0)
	s.db.SetMaxOpenConns(1)
}

// Two connections, a limit that is not a constant, a limit of one on
// another pool or in another function: reported.
func IdleDisabledUnderLimits(db, other *sql.DB, n int) {
	db.SetMaxOpenConns(2)
	db.SetMaxIdleConns(0) // want `^SetMaxIdleConns\(0\) keeps no idle connection: every query dials anew and load exhausts ports; keep some idle$`
	other.SetMaxOpenConns(1)
	other.SetMaxOpenConns(n)
	other.SetMaxIdleConns(0) // want `^SetMaxIdleConns\(0\) keeps no idle connection: every query dials anew and load exhausts ports; keep some idle$`
}

func capOne(db *sql.DB) { db.SetMaxOpenConns(1) }

func IdleDisabledCappedElsewhere(db, other *sql.DB) {
	capOne(db)
	other.SetMaxOpenConns(1)
	db.SetMaxIdleConns(-1) // want `^SetMaxIdleConns\(-1\) keeps no idle connection: every query dials anew and load exhausts ports; keep some idle$`
}
