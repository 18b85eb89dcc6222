// Package sqlite is a minimal stub of github.com/glebarez/sqlite, gorm's
// dialector over github.com/glebarez/go-sqlite.
package sqlite

import (
	_ "github.com/glebarez/go-sqlite"
	"gorm.io/gorm"
)

type Dialector struct{ DSN string }

func (Dialector) Name() string { return "sqlite" }

func Open(dsn string) gorm.Dialector { return &Dialector{DSN: dsn} }
