// Package nosql does not reach database/sql: it is not analyzed at all.
package nosql

//dbpoollint:ignore
func f() {}
