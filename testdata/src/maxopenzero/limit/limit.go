package limit

import (
	"database/sql"
	"database/sql/driver"
	"sync"

	"github.com/jmoiron/sqlx"
)

type Server struct {
	db *sql.DB
}

var global *sql.DB

func openedAndLimited(dsn string) (*sql.DB, error) {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(20) // want `^SetMaxOpenConns\(20\) keeps Go's 2 idle: under load 18 of 20 connections are redialed after each use; call SetMaxIdleConns too$`
	return db, nil
}

func openedAndLimitedByConfig(dsn string, max int) *sql.DB {
	db := sqlx.MustConnect("postgres", dsn)
	db.SetMaxOpenConns(max)
	return db.DB
}

func returnedUnlimited(dsn string) (*sql.DB, error) {
	db, err := sql.Open("postgres", dsn) // want `^pool with no SetMaxOpenConns \(returned\): Go's default is no limit, so a traffic spike exhausts the database; set one$`
	if err != nil {
		return nil, err
	}
	return db, nil
}

func usedUnlimited(dsn string) {
	db, _ := sql.Open("postgres", dsn) // want `^pool with no SetMaxOpenConns \(used here\): Go's default is no limit, so a traffic spike exhausts the database; set one$`
	_ = db.Ping()
}

func returnedDirectly(dsn string) (*sql.DB, error) {
	return sql.Open("postgres", dsn) // want `^pool with no SetMaxOpenConns \(returned\): Go's default is no limit, so a traffic spike exhausts the database; set one$`
}

func limitedToZero(dsn string) {
	db, _ := sql.Open("postgres", dsn) // one finding, for the zero limit
	db.SetMaxOpenConns(0)              // want `^SetMaxOpenConns\(0\) means no limit: a traffic spike opens connections until the database refuses them; set a positive limit$`
	_ = db.Ping()
}

func (s *Server) storedUnlimited(dsn string) error {
	var err error
	s.db, err = sql.Open("postgres", dsn) // want `^pool with no SetMaxOpenConns \(stored in s\.db\): Go's default is no limit, so a traffic spike exhausts the database; set one$`
	return err
}

func storedGlobalLimited(dsn string) {
	global, _ = sql.Open("postgres", dsn)
	global.SetMaxOpenConns(10) // want `^SetMaxOpenConns\(10\) keeps Go's 2 idle: under load 8 of 10 connections are redialed after each use; call SetMaxIdleConns too$`
}

func storedGlobalUnlimited(dsn string) {
	global, _ = sql.Open("postgres", dsn) // want `^pool with no SetMaxOpenConns \(stored in global\): Go's default is no limit, so a traffic spike exhausts the database; set one$`
}

// configure limits its parameter: passing the pool to it is enough.
func configure(db *sql.DB) {
	db.SetMaxOpenConns(15)
	db.SetMaxIdleConns(5)
}

func limitedByHelper(dsn string) *sql.DB {
	db, _ := sql.Open("postgres", dsn)
	configure(db)
	return db
}

// newPool returns an unlimited pool, but its only caller limits it.
func newPool(dsn string) (*sql.DB, error) {
	return sql.Open("postgres", dsn)
}

func Connect(dsn string) (*sql.DB, error) {
	db, err := newPool(dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(30) // want `^SetMaxOpenConns\(30\) keeps Go's 2 idle: under load 28 of 30 connections are redialed after each use; call SetMaxIdleConns too$`
	return db, nil
}

// rawPool's caller leaves it unlimited: reported at the opener, naming the caller.
func rawPool(dsn string) *sql.DB {
	db, _ := sql.Open("postgres", dsn) // want `^pool with no SetMaxOpenConns \(returned by rawPool, whose caller sets none\): Go's default is no limit, so a traffic spike exhausts the database; set one$`
	return db
}

func useRaw(dsn string) {
	db := rawPool(dsn)
	_ = db.Ping()
}

var once sync.Once

func lazy(dsn string) *sql.DB {
	once.Do(func() {
		global, _ = sql.Open("postgres", dsn)
		global.SetMaxOpenConns(8)
	})
	return global
}

// parallel assigns the pool in a parallel assignment: the limit it gets is
// found all the same.
func parallel(c driver.Connector) *sql.DB {
	n, db := 10, sql.OpenDB(c)
	db.SetMaxOpenConns(n)
	return db
}

func parallelUnlimited(c driver.Connector) *sql.DB {
	n, db := 10, sql.OpenDB(c) // want `^pool with no SetMaxOpenConns \(returned\): Go's default is no limit, so a traffic spike exhausts the database; set one$`
	db.SetMaxIdleConns(n)
	return db
}
