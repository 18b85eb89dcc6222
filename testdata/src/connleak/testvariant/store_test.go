package testvariant

import (
	"testing"

	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
)

func TestPersist(t *testing.T) {
	db, err := gorm.Open(sqlite.Open(":memory:"))
	if err != nil {
		t.Fatal(err)
	}
	if err := Persist(db, &Host{ID: 1}); err != nil {
		t.Fatal(err)
	}
}
