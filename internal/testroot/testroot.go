// Package testroot locates the repository's shared test data, so that every
// analyzer's tests resolve testdata/src the same way, whatever the directory
// the test runs in.
package testroot

import (
	"path/filepath"
	"runtime"
)

// Dir returns the absolute path of the repository root.
func Dir() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		panic("testroot: no caller information")
	}
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// TestData returns the absolute path of the repository's testdata directory,
// the GOPATH-layout root (testdata/src/...) that analysistest takes.
func TestData() string {
	return filepath.Join(Dir(), "testdata")
}
