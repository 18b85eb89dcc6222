package sqlapi

// GormV1 is the import path of gorm before v2, still common in older
// services (gorm.Open("mysql", dsn)).
const GormV1 = "github.com/jinzhu/gorm"

func init() {
	// func Open(dialect string, args ...interface{}) (*DB, error): the first
	// of args is a DSN or an existing *sql.DB, so no DSN index is claimed.
	openers[[2]string{GormV1, "Open"}] = Opener{DSN: -1, Driver: 0}
}
