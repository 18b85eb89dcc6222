package orm

import (
	"context"

	"gorm.io/gorm"
)

type Audit struct{ Account int64 }

// ---- gorm: Transaction ----

// repo keeps the service's pool.
type repo struct{ db *gorm.DB }

// DB is a package's pool, as services keep it.
var DB *gorm.DB

// The audit row goes to the outer pool, outside the callback's transaction.
func (r *repo) gormTransfer(a *Account) error {
	return r.db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Model(a).Update("balance", a.Balance-1).Error; err != nil {
			return err
		}
		return r.db.Create(&Audit{Account: a.ID}).Error // want `^r\.db\.Create runs on the pool outside the callback's tx: it escapes the transaction, and N such calls deadlock a pool of N; use tx$`
	})
}

// A chain on the outer pool is the same pool; building it takes nothing.
func gormTransferChained(ctx context.Context, a *Account) error {
	return DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var other Account
		if err := DB.Where("id = ?", a.ID+1).First(&other).Error; err != nil { // want `^DB\.Where\(\.\.\.\)\.First runs on the pool outside the callback's tx: it escapes the transaction, and N such calls deadlock a pool of N; use tx$`
			return err
		}
		return tx.Model(a).Update("balance", other.Balance).Error
	})
}

// A *gorm.DB parameter may be a transaction its caller holds: Transaction
// on a transaction nests a savepoint on the same connection, and a call on
// tx inside takes no second one (it escapes the savepoint, not the
// transaction).
func destroyKey(tx *gorm.DB, id int64) error {
	return tx.Transaction(func(db *gorm.DB) error {
		if err := db.Model(&Account{}).Where("key_id = ?", id).Update("key_id", nil).Error; err != nil {
			return err
		}
		return tx.Delete(&Audit{}, id).Error
	})
}

// The idiomatic twin: everything on tx.
func gormTransferOnTx(db *gorm.DB, a *Account) error {
	return db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Model(a).Update("balance", a.Balance-1).Error; err != nil {
			return err
		}
		return tx.Create(&Audit{Account: a.ID}).Error
	})
}

// ---- gorm: Begin ----

func gormBegin(db *gorm.DB, a *Account) error {
	tx := db.Begin()
	if tx.Error != nil {
		return tx.Error
	}
	defer tx.Rollback()
	if err := tx.Model(a).Update("balance", a.Balance-1).Error; err != nil {
		return err
	}
	if err := db.Create(&Audit{Account: a.ID}).Error; err != nil { // want `^db\.Create takes a second connection while tx holds one: N such calls deadlock a pool of N; run it on tx$`
		return err
	}
	return tx.Commit().Error
}

// Statements on the transaction, after a Begin on a chain of the pool.
func gormBeginOnTx(ctx context.Context, db *gorm.DB, a *Account) error {
	tx := db.WithContext(ctx).Begin()
	if tx.Error != nil {
		return tx.Error
	}
	defer tx.Rollback()
	if err := tx.Create(&Audit{Account: a.ID}).Error; err != nil {
		return err
	}
	var n int64
	if err := tx.Model(&Audit{}).Count(&n).Error; err != nil {
		return err
	}
	return tx.Commit().Error
}

// Rows of a gorm transaction and its next statement share the
// transaction's connection: not the pool.
func gormRowsOnTx(db *gorm.DB) error {
	tx := db.Begin()
	if tx.Error != nil {
		return tx.Error
	}
	defer tx.Rollback()
	rows, err := tx.Model(&Account{}).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := tx.Create(&Audit{}).Error; err != nil {
			return err
		}
	}
	return tx.Commit().Error
}

func gormRowsInCallback(db *gorm.DB) error {
	return db.Transaction(func(tx *gorm.DB) error {
		rows, err := tx.Model(&Account{}).Rows()
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if err := tx.Create(&Audit{}).Error; err != nil {
				return err
			}
		}
		return rows.Err()
	})
}

// Rows of the pool, and a statement on the pool for each: the N+1 loop.
func gormRowsOnPool(db *gorm.DB) error {
	rows, err := db.Model(&Account{}).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := db.Create(&Audit{}).Error; err != nil { // want `^db\.Create takes a second connection while rows holds one: N such calls deadlock a pool of N; buffer rows and close it first$`
			return err
		}
	}
	return rows.Err()
}
