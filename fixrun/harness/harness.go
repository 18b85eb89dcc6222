// Package harness runs one shape's Run against a fresh SQLite database
// (modernc.org/sqlite, pure Go) and records what can be observed of it:
// each call's result and error, whether it hung, and the pool's statistics
// once the calls are done.
package harness

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"time"

	_ "github.com/go-sql-driver/mysql" // the dsn shape opens (not dials) a MySQL pool
	_ "modernc.org/sqlite"
)

// Calls is how many times a shape runs on one pool: with MaxOpen
// connections, a leak of one connection per call shows as a hang by the
// last call.
const (
	Calls   = 3
	MaxOpen = 2
	// Hang is how long a call may take before it counts as hung.
	Hang = 1500 * time.Millisecond
)

// Call is what one call of Run gave.
type Call struct {
	Out  string `json:"out"`
	Err  string `json:"err"`
	Hung bool   `json:"hung"`
}

// Outcome is everything observed of one variant of a shape.
type Outcome struct {
	Calls []Call `json:"calls"`
	// Cancelled is the call made with a context cancelled beforehand.
	Cancelled Call `json:"cancelled"`
	// InUse and Open are the pool's statistics after the calls.
	InUse             int   `json:"inUse"`
	Open              int   `json:"open"`
	MaxLifetimeClosed int64 `json:"maxLifetimeClosed"`
}

// Schema is the database every shape starts from.
const Schema = `
CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER NOT NULL);
INSERT INTO t (id, n) VALUES (1, 1), (2, 2), (3, 3);
CREATE TABLE audit (payment INTEGER NOT NULL);
`

// Run is a shape's entry point.
type Run func(ctx context.Context, db *sql.DB) (string, error)

// Main runs run on a fresh database in dir and prints its Outcome as JSON.
func Main(run Run, dir string) {
	out, err := observe(run, dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	json.NewEncoder(os.Stdout).Encode(out)
	os.Exit(0) // hung calls leave goroutines behind
}

func observe(run Run, dir string) (Outcome, error) {
	var o Outcome
	db, err := sql.Open("sqlite", "file:"+dir+"/db.sqlite?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)")
	if err != nil {
		return o, err
	}
	if _, err := db.Exec(Schema); err != nil {
		return o, err
	}
	db.SetMaxOpenConns(MaxOpen)
	for range Calls {
		c := call(context.Background(), run, db)
		o.Calls = append(o.Calls, c)
		if c.Hung {
			break
		}
	}
	s := db.Stats()
	o.InUse, o.Open, o.MaxLifetimeClosed = s.InUse, s.OpenConnections, s.MaxLifetimeClosed
	if s.InUse < MaxOpen {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		o.Cancelled = call(ctx, run, db)
	}
	return o, nil
}

// call runs run once, giving up after Hang.
func call(ctx context.Context, run Run, db *sql.DB) Call {
	done := make(chan Call, 1)
	go func() {
		out, err := run(ctx, db)
		c := Call{Out: out}
		if err != nil {
			c.Err = err.Error()
		}
		done <- c
	}()
	select {
	case c := <-done:
		return c
	case <-time.After(Hang):
		return Call{Hung: true}
	}
}
