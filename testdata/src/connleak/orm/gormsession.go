package orm

import (
	"context"
	"log"

	"gorm.io/gorm"
)

type Host struct{ ID uint }

// A session of the transaction (WithContext, Session, Debug) shares its
// *sql.Tx: committing or rolling it back ends tx.
func persistCursors(ctx context.Context, db *gorm.DB, ids []uint) error {
	tx := db.WithContext(ctx).Begin()
	for _, id := range ids {
		if err := tx.WithContext(ctx).Model(&Host{}).Where("id = ?", id).
			UpdateColumn("status", "active").Error; err != nil {
			log.Print(err)
		}
	}
	return tx.WithContext(ctx).Commit().Error
}

func persistSession(db *gorm.DB, a *Account) error {
	tx := db.Begin()
	if err := tx.Create(a).Error; err != nil {
		tx.Session(&gorm.Session{SkipHooks: true}).Rollback()
		return err
	}
	return tx.Debug().Commit().Error
}

func persistSessionVar(ctx context.Context, db *gorm.DB, a *Account) error {
	tx := db.Begin()
	s := tx.WithContext(ctx)
	if err := s.Create(a).Error; err != nil {
		s.Rollback()
		return err
	}
	return s.Commit().Error
}

// The neighbours: a session that only runs statements ends nothing, and a
// session of the pool commits no transaction.
func persistEarlyReturn(ctx context.Context, db *gorm.DB, ids []uint) error {
	tx := db.WithContext(ctx).Begin() // want `^tx is left open on the return at line 51, holding its connection and locks; defer tx\.Rollback\(\)$`
	for _, id := range ids {
		if err := tx.WithContext(ctx).Model(&Host{}).Where("id = ?", id).
			UpdateColumn("status", "active").Error; err != nil {
			return err
		}
	}
	return tx.WithContext(ctx).Commit().Error
}

func commitOnPool(ctx context.Context, db *gorm.DB, a *Account) error {
	tx := db.Begin() // want `^tx is left open on the return at line 60, holding its connection and locks; defer tx\.Rollback\(\)$`
	tx.Create(a)
	return db.WithContext(ctx).Commit().Error
}
