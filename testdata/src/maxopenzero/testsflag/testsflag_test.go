package testsflag

import (
	"database/sql"
	"testing"
)

func TestPool(t *testing.T) {
	db, _ := sql.Open("postgres", "") // want `^pool with no SetMaxOpenConns \(used here\): Go's default is no limit, so a traffic spike exhausts the database; set one$`
	db.SetMaxIdleConns(0)             // want `^SetMaxIdleConns\(0\) keeps no idle connection: every query dials anew and load exhausts ports; keep some idle$`
	db.SetConnMaxLifetime(1800)       // want `^SetConnMaxLifetime\(1800\) is 1800ns: each connection is redialed after one use; write it with a unit: time\.Second, time\.Minute$`
	_ = db.Ping()
}

// A pool a test opens, uses and closes: a one-off, silent even with -tests.
func TestOneOff(t *testing.T) {
	db, _ := sql.Open("postgres", "")
	defer db.Close()
	_ = db.Ping()
}

// A pool a test keeps for others, unlimited.
var shared *sql.DB

func TestMain(m *testing.M) {
	shared, _ = sql.Open("postgres", "") // want `^pool with no SetMaxOpenConns \(stored in shared\): Go's default is no limit, so a traffic spike exhausts the database; set one$`
	m.Run()
}
