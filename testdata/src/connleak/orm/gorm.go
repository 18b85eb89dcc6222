package orm

import (
	"errors"

	"gorm.io/gorm"
)

// The early return leaves the transaction open.
func gormTransfer(db *gorm.DB, a *Account) error {
	tx := db.Begin() // want `^tx is left open on the return at line 16, holding its connection and locks; defer tx\.Rollback\(\)$`
	if tx.Error != nil {
		return tx.Error
	}
	if err := tx.Model(a).Update("balance", a.Balance-1).Error; err != nil {
		return err
	}
	if a.Balance < 0 {
		return errors.New("overdrawn")
	}
	return tx.Commit().Error
}

// The idiomatic twin: rolled back on every error.
func gormTransferRolledBack(db *gorm.DB, a *Account) error {
	tx := db.Begin()
	if tx.Error != nil {
		return tx.Error
	}
	if err := tx.Model(a).Update("balance", a.Balance-1).Error; err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit().Error
}

// A deferred Rollback.
func gormTransferDeferred(db *gorm.DB, a *Account) error {
	tx := db.Begin()
	defer tx.Rollback()
	if err := tx.Create(a).Error; err != nil {
		return err
	}
	return tx.Commit().Error
}

// Transaction ends the transaction itself.
func gormTransaction(db *gorm.DB, a *Account) error {
	return db.Transaction(func(tx *gorm.DB) error {
		return tx.Create(a).Error
	})
}

// A chain is the pool, not a transaction.
func gormFind(db *gorm.DB, id int64) (*Account, error) {
	var a Account
	q := db.Where("id = ?", id)
	if err := q.First(&a).Error; err != nil {
		return nil, err
	}
	return &a, nil
}

// The error of Begin read into a variable first.
func gormErrVar(db *gorm.DB, a *Account) error {
	tx := db.Begin()
	if err := tx.Error; err != nil {
		return err
	}
	if err := tx.Create(a).Error; err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit().Error
}
