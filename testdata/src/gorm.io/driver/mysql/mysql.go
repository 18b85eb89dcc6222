// Package mysql is a minimal stub of gorm.io/driver/mysql.
package mysql

import "gorm.io/gorm"

type Config struct {
	DSN string
}

type Dialector struct{ *Config }

func (Dialector) Name() string { return "mysql" }

func Open(dsn string) gorm.Dialector   { return &Dialector{&Config{DSN: dsn}} }
func New(config Config) gorm.Dialector { return &Dialector{&config} }
