// Package sqlite is a minimal stub of gorm.io/driver/sqlite, gorm's
// dialector over github.com/mattn/go-sqlite3.
package sqlite

import (
	_ "github.com/mattn/go-sqlite3"
	"gorm.io/gorm"
)

type Dialector struct{ DSN string }

func (Dialector) Name() string { return "sqlite" }

func Open(dsn string) gorm.Dialector { return &Dialector{DSN: dsn} }
