package testroot

import (
	"os"
	"runtime/debug"
)

// The tests of the analyzers spend about a third of their CPU time in the
// garbage collector: analysistest type-checks every dependency, the
// standard library included, from source on each load, and the shared
// loads keep their results for the tests that check them. On the 2-core
// machines a contributor's `go test ./...` runs on, that is CPU the other
// test binaries and the compiler wait for. A test binary importing this
// package collects less often (a live heap of a few hundred megabytes
// then peaks near 2 GB instead of 0.8) unless GOGC is set by the caller,
// and collects as usual again above the memory limit.
func init() {
	if os.Getenv("GOGC") != "" {
		return
	}
	debug.SetGCPercent(300)
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(3 << 30)
	}
}
