// Package tests holds pooldeadlock's cases for test code under the default
// settings: only a call that waits for ever is reported.
package tests
