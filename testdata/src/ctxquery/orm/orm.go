// Package orm holds ctxquery's cases for ORMs: a gorm chain run without
// WithContext, and bun's builders given a detached context.
package orm

import (
	"context"

	"example.com/ent"
	"github.com/uptrace/bun"
	"golang.org/x/sync/errgroup"
	"gorm.io/gorm"
)

type Account struct{ ID, Balance int64 }

type Repo struct {
	db  *gorm.DB
	bun *bun.DB
}

func NewRepo(db *gorm.DB, b *bun.DB) *Repo { return &Repo{db: db, bun: b} }

// ---- gorm: a chain without WithContext ----

func (r *Repo) Find(ctx context.Context, id int64) (*Account, error) {
	var a Account
	if err := r.db.Where("id = ?", id).First(&a).Error; err != nil { // want `^r\.db\.Where\(\.\.\.\)\.First runs without ctx, so nothing cancels the query; start the chain with r\.db\.WithContext\(ctx\)$`
		return nil, err
	}
	return &a, nil
}

func (r *Repo) Save(ctx context.Context, a *Account) error {
	return r.db.Create(a).Error // want `^r\.db\.Create runs without ctx, so nothing cancels the query; start the chain with r\.db\.WithContext\(ctx\)$`
}

// Reported once, at the Transaction: the callback's tx inherits its context.
func (r *Repo) Transfer(ctx context.Context, a *Account) error {
	return r.db.Transaction(func(tx *gorm.DB) error { // want `^r\.db\.Transaction runs without ctx, so nothing cancels the query; start the chain with r\.db\.WithContext\(ctx\)$`
		return tx.Model(a).Update("balance", a.Balance-1).Error
	})
}

// The idiomatic twins.
func (r *Repo) FindWithContext(ctx context.Context, id int64) (*Account, error) {
	var a Account
	if err := r.db.WithContext(ctx).Where("id = ?", id).First(&a).Error; err != nil {
		return nil, err
	}
	return &a, nil
}

func (r *Repo) TransferWithContext(ctx context.Context, a *Account) error {
	return r.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		return tx.Model(a).Update("balance", a.Balance-1).Error
	})
}

// No context at hand.
func (r *Repo) Count() (int64, error) {
	var n int64
	err := r.db.Model(&Account{}).Count(&n).Error
	return n, err
}

// A chain kept in a variable may have been given a context where it was
// made: not followed.
func (r *Repo) FindBuilt(ctx context.Context, id int64) (*Account, error) {
	var a Account
	q := r.db.Where("id = ?", id)
	return &a, q.First(&a).Error
}

// A parameter may be a transaction, or a session with a context.
func findOn(ctx context.Context, db *gorm.DB, id int64) error {
	var a Account
	return db.First(&a, id).Error
}

// ---- a field that some code binds to a context ----

type session struct{ db *gorm.DB }

func newSession(ctx context.Context, db *gorm.DB) *session {
	return &session{db: db.WithContext(ctx)}
}

func (s *session) find(ctx context.Context, id int64) error {
	var a Account
	return s.db.First(&a, id).Error
}

// ---- bun: a detached context ----

func (r *Repo) BunFind(ctx context.Context, id int64) (*Account, error) {
	var a Account
	err := r.bun.NewSelect().Model(&a).Where("id = ?", id).Scan(context.Background()) // want `^r\.bun\.NewSelect\(\)\.Model\(&a\)\.Where\("id = \?", id\)\.Scan gets context\.Background\(\) though ctx is at hand: nothing cancels the query; pass ctx$`
	return &a, err
}

// ---- ent: a detached context ----

func entUsers(ctx context.Context, client *ent.Client) ([]*ent.User, error) {
	return client.User.Query().All(context.Background()) // want `^client\.User\.Query\(\)\.All gets context\.Background\(\) though ctx is at hand: nothing cancels the query; pass ctx$`
}

func entBegin(ctx context.Context, client *ent.Client) (*ent.Tx, error) {
	return client.Tx(context.TODO()) // want `^client\.Tx gets context\.TODO\(\) though ctx is at hand: nothing cancels the wait for a connection; pass ctx$`
}

// After Wait the group's context is cancelled, and no other is at hand: no
// fix, and the remedy names no context.
func (r *Repo) AfterWait() error {
	g, gctx := errgroup.WithContext(context.Background())
	g.Go(func() error { return gctx.Err() })
	if err := g.Wait(); err != nil {
		return err
	}
	return r.db.Create(&Account{}).Error // want `^r\.db\.Create runs without gctx, so nothing cancels the query; start the chain with r\.db\.WithContext\(ctx\) with a context that outlives it$`
}

// The callback's statements take the context themselves: only the BEGIN
// goes without it, and a cancelled statement fails the callback, which
// rolls the transaction back. Not reported.
func (r *Repo) TransferBindsInside(ctx context.Context, a *Account) error {
	return r.db.Transaction(func(tx *gorm.DB) error {
		return tx.WithContext(ctx).Model(a).Update("balance", a.Balance-1).Error
	})
}
