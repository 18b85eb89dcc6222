// Package tests holds connleak's cases for test code under the default
// settings: only what can fail or hang the test run is reported.
package tests
