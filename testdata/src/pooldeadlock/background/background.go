// Package main: a hold-and-wait that only one goroutine runs, started once
// by code that runs once (a background cleaner), has one caller at a time
// and is left to -strict. Reported: the same code reached from a handler
// too or from code running beside the goroutine, started in a loop, per
// request or twice, and a pool capped at the one connection the goroutine
// holds.
package main

import (
	"database/sql"
	"net/http"
	"os"
	"strconv"
	"time"
)

type backend struct{ db *sql.DB }

func (b *backend) removeOne(id string) error {
	tx, err := b.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("DELETE FROM files WHERE upload_id = ?", id); err != nil {
		return err
	}
	return tx.Commit()
}

// removeExpired: only the cleaner calls it, one call at a time: silent.
func (b *backend) removeExpired() error {
	rows, err := b.db.Query("SELECT id FROM uploads WHERE expire_at < ?", time.Now())
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return err
		}
		_ = b.removeOne(id)
	}
	return rows.Err()
}

// removeUser: the cleaner calls it, and so does a handler: reported.
func (b *backend) removeUser(user string) error {
	rows, err := b.db.Query("SELECT id FROM uploads WHERE user_id = ?", user)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return err
		}
		_ = b.removeOne(id) // want `^b\.removeOne takes a second connection from b\.db while rows holds one: N such calls deadlock a pool of N; buffer rows and close it first$`
	}
	return rows.Err()
}

// purge: the literal main starts once calls it: silent.
func (b *backend) purge() error {
	rows, err := b.db.Query("SELECT id FROM uploads WHERE removed")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return err
		}
		_ = b.removeOne(id)
	}
	return rows.Err()
}

// drain: started by four goroutines, in a loop: reported.
func (b *backend) drain() {
	rows, err := b.db.Query("SELECT id FROM queue")
	if err != nil {
		return
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return
		}
		_ = b.removeOne(id) // want `^b\.removeOne takes a second connection from b\.db while rows holds one: N such calls deadlock a pool of N; buffer rows and close it first$`
	}
}

// reindex: started by a go statement in a handler, once per request:
// reported.
func (b *backend) reindex() {
	rows, err := b.db.Query("SELECT id FROM uploads")
	if err != nil {
		return
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return
		}
		_, _ = b.db.Exec("UPDATE uploads SET idx = 1 WHERE id = ?", id) // want `^b\.db\.Exec takes a second connection while rows holds one: N such calls deadlock a pool of N; buffer rows and close it first$`
	}
}

// compact: main starts it twice, two goroutines at once: reported.
func (b *backend) compact() {
	rows, err := b.db.Query("SELECT id FROM uploads")
	if err != nil {
		return
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return
		}
		_ = b.removeOne(id) // want `^b\.removeOne takes a second connection from b\.db while rows holds one: N such calls deadlock a pool of N; buffer rows and close it first$`
	}
}

// archive: the cleaner calls it, and so does main once it has started the
// cleaner: two callers at once, reported.
func (b *backend) archive() {
	rows, err := b.db.Query("SELECT id FROM uploads WHERE old")
	if err != nil {
		return
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return
		}
		_ = b.removeOne(id) // want `^b\.removeOne takes a second connection from b\.db while rows holds one: N such calls deadlock a pool of N; buffer rows and close it first$`
	}
}

type server struct {
	b    *backend
	done chan struct{}
}

// cleaningRoutine is the one goroutine start runs: a loop that sleeps, one
// round at a time.
func (s *server) cleaningRoutine() {
	for {
		select {
		case <-time.After(2 * time.Hour):
		case <-s.done:
			return
		}
		_ = s.b.removeExpired()
		_ = s.b.removeUser("expired")
		s.b.archive()
	}
}

func (s *server) start(max int) {
	s.b.db.SetMaxOpenConns(max)
	go s.cleaningRoutine() // started once; calls never overlap
}

func (s *server) deleteUser(w http.ResponseWriter, r *http.Request) {
	if err := s.b.removeUser(r.URL.Query().Get("user")); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

func (s *server) refresh(w http.ResponseWriter, r *http.Request) {
	go s.b.reindex()
}

// queue is capped at one connection: the one goroutine that holds it and
// asks for another hangs on its first round.
var queue *sql.DB

func pump() {
	rows, err := queue.Query("SELECT id FROM jobs")
	if err != nil {
		return
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return
		}
		_, _ = queue.Exec("DELETE FROM jobs WHERE id = ?", id) // want `^queue\.Exec takes a second connection while rows holds one: N such calls deadlock a pool of N; buffer rows and close it first$`
	}
}

func main() {
	db, err := sql.Open("postgres", os.Getenv("DSN"))
	if err != nil {
		panic(err)
	}
	if queue, err = sql.Open("postgres", os.Getenv("QUEUE")); err != nil {
		panic(err)
	}
	queue.SetMaxOpenConns(1)
	max, _ := strconv.Atoi(os.Getenv("MAX_CONNS"))
	s := &server{b: &backend{db: db}, done: make(chan struct{})}
	s.start(max)
	go func() {
		for range time.Tick(time.Hour) {
			_ = s.b.purge()
		}
	}()
	for i := 0; i < 4; i++ {
		go s.b.drain()
	}
	go s.b.compact()
	go s.b.compact()
	go pump()
	s.b.archive()
	http.HandleFunc("/user", s.deleteUser)
	http.HandleFunc("/refresh", s.refresh)
	_ = http.ListenAndServe(":8080", nil)
}
