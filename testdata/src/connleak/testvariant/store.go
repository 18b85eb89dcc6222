// Package testvariant imports no driver; its tests open SQLite as a
// fixture. The package and its test variant are checked apart and must say
// the same of a transaction left open: the drivers of the package's own
// code are those its non-test files import.
package testvariant

import (
	"errors"

	"gorm.io/gorm"
)

type Host struct{ ID uint }

func Persist(db *gorm.DB, h *Host) error {
	tx := db.Begin() // want `^tx is left open on the return at line 19, holding its connection and locks; defer tx\.Rollback\(\)$`
	tx.Create(h)
	if h.ID == 0 {
		return errors.New("no id")
	}
	return tx.Commit().Error
}
