// Package pq is a minimal stub of github.com/lib/pq.
package pq

// Driver is the driver.
type Driver struct{}
