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
	// A chain: started on tx instead.
	var n int64
	if err := db.Model(&auditRow{}).Count(&n).Error; err != nil { // one finding per mistake: related information of line 13
		return err
	}
	return tx.Commit().Error
}

type store struct{ db *gorm.DB }

// Inside Transaction's callback: the outer pool's call runs on tx.
func (s *store) gormCallback(id int64) error {
	return s.db.Transaction(func(tx *gorm.DB) error {
		if err := s.db.Create(&auditRow{ID: id}).Error; err != nil { // want `^s\.db\.Create runs on the pool outside the callback's tx: it escapes the transaction, and N such calls deadlock a pool of N; use tx$`
			return err
		}
		var n int64
		return s.db.Where("id = ?", id).Count(&n).Error // one finding per mistake: related information of the first call on s.db
	})
}
