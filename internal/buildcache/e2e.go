package buildcache

import "os"

// E2EEnv is the environment variable that, set to 1, turns on the slow
// end-to-end tests: those that build golangci-lint with the plugin, gopls
// with the suite, or another tool from source. `go test ./...` without it is
// the fast suite (analyzers, and the binary run on small fixtures); .ci/run
// runs both.
//
// An environment variable rather than a build tag: the slow tests still
// compile, and go vet checks them, in every run, so they cannot rot
// unnoticed; and go test records the variable among the test's inputs, so
// a cached result of the fast suite is never taken for the full one.
const E2EEnv = "DBPOOLLINT_E2E"

// SkipUnlessE2E skips the test unless DBPOOLLINT_E2E=1 (or go test -short
// asks for the short suite).
func SkipUnlessE2E(t interface {
	Helper()
	Skip(...any)
}, what string) {
	t.Helper()
	if os.Getenv(E2EEnv) != "1" {
		t.Skip("slow end-to-end test (" + what + "): run with " + E2EEnv + "=1")
	}
}
