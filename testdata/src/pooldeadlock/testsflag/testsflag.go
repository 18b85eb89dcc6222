// Package testsflag holds pooldeadlock's cases for test code under -tests:
// reported as any other code.
package testsflag
