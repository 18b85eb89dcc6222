// Package orm holds rowsclose's cases for ORMs: gorm's and bun's Rows.
package orm

import (
	"context"

	"github.com/uptrace/bun"
	"gorm.io/gorm"
)

type Account struct{ ID, Balance int64 }

func gormRows(db *gorm.DB) (int64, error) {
	rows, err := db.Model(&Account{}).Where("balance > ?", 0).Rows() // want `^rows are not closed on the return at line 22, holding a pooled connection; defer rows\.Close\(\)$`
	if err != nil {
		return 0, err
	}
	var total int64
	for rows.Next() {
		var a Account
		if err := db.ScanRows(rows, &a); err != nil {
			return 0, err
		}
		total += a.Balance
	}
	return total, rows.Err()
}

// The idiomatic twin.
func gormRowsClosed(db *gorm.DB) (int64, error) {
	rows, err := db.Model(&Account{}).Rows()
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	var total int64
	for rows.Next() {
		var a Account
		if err := db.ScanRows(rows, &a); err != nil {
			return 0, err
		}
		total += a.Balance
	}
	return total, rows.Err()
}

func bunRows(ctx context.Context, db *bun.DB) error {
	rows, err := db.NewSelect().Model((*Account)(nil)).Rows(ctx) // want `^rows are not closed on the return at line 54, holding a pooled connection; defer rows\.Close\(\)$`
	if err != nil {
		return err
	}
	for rows.Next() {
		if err := rows.Scan(); err != nil {
			return err
		}
	}
	return rows.Err()
}
