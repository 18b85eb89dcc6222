// Package besteffort holds ctxquery's cases where passing the context at
// hand changes what a correct program does beyond giving the call a
// deadline: an outcome dropped on purpose (no finding), an error branch
// that writes to the database, a call after the function's transaction
// committed (a finding without a fix).
package besteffort

import (
	"context"
	"database/sql"
	"net/http"

	"gorm.io/gorm"
)

type repo struct {
	db  *gorm.DB
	sql *sql.DB
}

type audit struct{ Path string }

type user struct{ ID int64 }

// The outcome assigned to _ only: best effort on purpose, silent.
func (r *repo) served(w http.ResponseWriter, req *http.Request) {
	_ = r.db.Create(&audit{Path: req.URL.Path}).Error
	_, _ = r.sql.Exec("UPDATE tokens SET last_used = now()")
}

// The error branch records a strike against the client: with the
// request's context, a client that disconnects gets one. Reported, no fix.
func (r *repo) authenticate(w http.ResponseWriter, req *http.Request, id int64) {
	var u user
	if err := r.db.First(&u, id).Error; err != nil { // want `^r\.db\.First runs without req\.Context\(\), so nothing cancels the query; start the chain with r\.db\.WithContext\(req\.Context\(\)\)$`
		strike(r.db, req.RemoteAddr)
		return
	}
}

func strike(db *gorm.DB, ip string) {}

// An error branch that only answers: the fix is safe, offered.
func (r *repo) show(w http.ResponseWriter, req *http.Request, id int64) {
	var u user
	if err := r.db.First(&u, id).Error; err != nil { // want `^r\.db\.First runs without req\.Context\(\), so nothing cancels the query; start the chain with r\.db\.WithContext\(req\.Context\(\)\)$`
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
}

// A cleanup after the transaction committed: a client leaving in between
// would leave it half done with the request's context. Reported, no fix.
func (r *repo) remove(ctx context.Context, ids []int64) error {
	err := r.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		return tx.Delete(&user{}, ids).Error
	})
	if err != nil {
		return err
	}
	return r.db.Delete(&audit{}, "user_id in (?)", ids).Error // want `^r\.db\.Delete runs without ctx, so nothing cancels the query; start the chain with r\.db\.WithContext\(ctx\)$`
}

func (r *repo) removeSQL(ctx context.Context, id int64) error {
	tx, err := r.sql.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "DELETE FROM users WHERE id = $1", id); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	_, err = r.sql.Exec("DELETE FROM sessions WHERE user_id = $1", id) // want `^r\.sql\.Exec takes no context, so nothing cancels the query; use r\.sql\.ExecContext\(ctx, \.\.\.\)$`
	return err
}

// Rolling back before returning the error is no other work: fixed (the
// transaction was begun with the same context).
func (r *repo) rename(ctx context.Context, id int64) error {
	tx, err := r.sql.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if _, err := tx.Exec("UPDATE users SET name = 'x' WHERE id = $1", id); err != nil { // want `^tx\.Exec takes no context, so nothing cancels the query; use tx\.ExecContext\(ctx, \.\.\.\)$`
		tx.Rollback()
		return err
	}
	return tx.Commit()
}
