// Package main: with -strict, a hold-and-wait that only one goroutine runs,
// started once, is reported as any other.
package main

import (
	"database/sql"
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

// removeExpired: only the cleaner calls it: reported with -strict.
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
		_ = b.removeOne(id) // want `^b\.removeOne takes a second connection from b\.db while rows holds one: N such calls deadlock a pool of N; buffer rows and close it first$`
	}
	return rows.Err()
}

func (b *backend) cleaningRoutine() {
	for range time.Tick(2 * time.Hour) {
		_ = b.removeExpired()
	}
}

func main() {
	db, err := sql.Open("postgres", os.Getenv("DSN"))
	if err != nil {
		panic(err)
	}
	max, _ := strconv.Atoi(os.Getenv("MAX_CONNS"))
	db.SetMaxOpenConns(max)
	go (&backend{db: db}).cleaningRoutine()
	select {}
}
