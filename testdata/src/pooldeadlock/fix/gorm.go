package fix

import "gorm.io/gorm"

type auditRow struct{ ID int64 }

func gormBegin(db *gorm.DB, id int64) error {
	tx := db.Begin()
	if tx.Error != nil {
		return tx.Error
	}
	defer tx.Rollback()
	if err := db.Create(&auditRow{ID: id}).Error; err != nil { // want `^db\.Create takes a second connection while tx holds one: N such calls deadlock a pool of N; run it on tx$`
		return err
	}
	// A chain: reported, but the fix would have to rewrite its root.
	var n int64
	if err := db.Model(&auditRow{}).Count(&n).Error; err != nil { // want `^db\.Model\(\.\.\.\)\.Count takes a second connection from db while tx holds one: N such calls deadlock a pool of N; run it on tx$`
		return err
	}
	return tx.Commit().Error
}
