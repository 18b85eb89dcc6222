// Package sqlite is a minimal stub of modernc.org/sqlite, which registers
// the database/sql driver "sqlite".
package sqlite

// Driver is the driver.
type Driver struct{}
