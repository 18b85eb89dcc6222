// Package testroot locates the repository's shared test data, so that every
// analyzer's tests resolve testdata/src the same way, whatever the directory
// the test runs in.
package testroot

import (
	"path/filepath"
	"runtime"

	"golang.org/x/tools/go/analysis/analysistest"
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

// MaxMessage is the longest a finding's message may be: object,
// consequence and remedy in one line that an editor's hover and a CI log
// show whole.
const MaxMessage = 160

// MessagesFit fails the test for every finding of results whose message is
// longer than MaxMessage.
func MessagesFit(t interface{ Errorf(string, ...any) }, results []*analysistest.Result) {
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if len(d.Message) > MaxMessage {
				t.Errorf("%s: message of %d characters (at most %d): %s", r.Pass.Fset.Position(d.Pos), len(d.Message), MaxMessage, d.Message)
			}
		}
	}
}
