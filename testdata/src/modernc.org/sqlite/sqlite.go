// Package sqlite is a minimal stub of modernc.org/sqlite, which registers
// the database/sql driver "sqlite".
package sqlite

// Driver is the driver.
type Driver struct{}

// ConnectionHookFn runs on every new connection.
type ConnectionHookFn func(conn any, dsn string) error

// RegisterConnectionHook registers a hook run on every new connection.
func RegisterConnectionHook(fn ConnectionHookFn) {}
