// Package testsflag holds connleak's cases for test code under -tests:
// reported as any other code.
package testsflag
