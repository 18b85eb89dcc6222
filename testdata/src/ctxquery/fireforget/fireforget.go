// Package fireforget holds ctxquery's cases for work no caller waits for: a
// function that returns nothing, exported or called by an exported one that
// returns nothing, whose context parameter is the one at hand (an audit or
// usage record). Callers in other packages run it in a goroutine with a
// request's context that ends first (go fireforget.RecordLog(ctx, ...)):
// passing that context on would make the write fail. Silent by default.
package fireforget

import (
	"context"
	"database/sql"
	"log"

	"gorm.io/gorm"
)

var DB *gorm.DB

type Log struct{ Content string }

func recordLogHelper(ctx context.Context, l *Log) {
	if err := DB.Create(l).Error; err != nil { // silent: no caller waits for it
		log.Print(err)
	}
}

func RecordLog(ctx context.Context, content string) {
	recordLogHelper(ctx, &Log{Content: content})
}

// Exported, returns nothing: silent too.
func Touch(ctx context.Context, db *sql.DB, id int64) {
	if _, err := db.Exec("UPDATE t SET seen = now() WHERE id = $1", id); err != nil {
		log.Print(err)
	}
}

// Returns its error: the caller waits for it, reported.
func Save(ctx context.Context, db *sql.DB, id int64) error {
	_, err := db.Exec("UPDATE t SET saved = true WHERE id = $1", id) // want `^db\.Exec takes no context, so nothing cancels the query; use db\.ExecContext\(ctx, \.\.\.\)$`
	return err
}

// Unexported, returns nothing, called only by a function that returns an
// error: reported.
func bump(ctx context.Context, db *sql.DB) {
	db.Exec("UPDATE t SET n = n + 1") // want `^db\.Exec takes no context, so nothing cancels the query; use db\.ExecContext\(ctx, \.\.\.\)$`
}

func Bump(ctx context.Context, db *sql.DB) error {
	bump(ctx, db)
	return nil
}
