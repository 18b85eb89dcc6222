// Package mysql is a minimal stub of github.com/go-sql-driver/mysql.
package mysql

import "database/sql/driver"

type Config struct {
	User                 string
	Passwd               string
	Net                  string
	Addr                 string
	DBName               string
	Params               map[string]string
	AllowNativePasswords bool
	ParseTime            bool
}

type MySQLDriver struct{}

func NewConfig() *Config                                   { return &Config{} }
func ParseDSN(dsn string) (cfg *Config, err error)         { return nil, nil }
func NewConnector(cfg *Config) (driver.Connector, error)   { return nil, nil }
func (cfg *Config) FormatDSN() string                      { return "" }
func (cfg *Config) Clone() *Config                         { return cfg }
func (d MySQLDriver) Open(dsn string) (driver.Conn, error) { return nil, nil }
