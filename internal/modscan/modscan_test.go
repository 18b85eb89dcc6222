package modscan

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

func TestGoModRequiresAreReadFromLinesAndBlocks(t *testing.T) {
	data := []byte(`module example.com/notes // the service

go 1.24

require modernc.org/sqlite v1.50.0

require (
	github.com/ncruces/go-sqlite3 v0.30.0 // indirect
	github.com/lib/pq v1.10.9
)
`)
	if got := modulePath(data); got != "example.com/notes" {
		t.Errorf("modulePath = %q", got)
	}
	req := requires(data)
	for path, want := range map[string]string{
		"modernc.org/sqlite":            "v1.50.0",
		"github.com/ncruces/go-sqlite3": "v0.30.0",
		"github.com/lib/pq":             "v1.10.9",
	} {
		if req[path] != want {
			t.Errorf("requires[%s] = %q, want %q", path, req[path], want)
		}
	}
}

// The scan of a module's imports finds what its non-test files import.
func TestTheScanFindsTheImportsOfTheModulesFiles(t *testing.T) {
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..", "testdata", "modules", "sqliteold")
	m := scan(root, "example.com/notes")
	for _, p := range []string{"github.com/ncruces/go-sqlite3/driver", "modernc.org/sqlite"} {
		if !m.Imports[p] {
			t.Errorf("the scan misses the import of %s: %v", p, m.Imports)
		}
	}
	if m.Version("modernc.org/sqlite") != "v1.50.0" {
		t.Errorf("version of modernc = %q", m.Version("modernc.org/sqlite"))
	}
}

// The cost of the scan on a large module: DBPOOLLINT_SCAN_MODULE names its
// root (e.g. the module cache's golang.org/x/tools@v0.52.0).
func TestScanCost(t *testing.T) {
	root := os.Getenv("DBPOOLLINT_SCAN_MODULE")
	if root == "" {
		t.Skip("DBPOOLLINT_SCAN_MODULE not set")
	}
	start := time.Now()
	m := scan(root, "")
	t.Logf("%d files in %v, %d imports, %d test-only packages", m.Files, time.Since(start), len(m.Imports), len(m.testOnly))
}

// Only the module's tests import sqltest/local, and only sqltest/local
// imports sqltest/docker: both exist for tests. The service imports
// internal/latest and store; cmd/svc is imported by nobody.
func TestPackagesOnlyTheModulesTestsImportAreTestOnly(t *testing.T) {
	_, file, _, _ := runtime.Caller(0)
	m := scan(filepath.Join(filepath.Dir(file), "..", "..", "testdata", "modules", "harness"), "example.com/svc")
	for pkg, want := range map[string]bool{
		"example.com/svc/internal/sqltest/docker": true,
		"example.com/svc/internal/sqltest/local":  true,
		"example.com/svc/internal/latest":         false,
		"example.com/svc/store":                   false,
		"example.com/svc/cmd/svc":                 false,
	} {
		if got := m.TestOnly(pkg); got != want {
			t.Errorf("TestOnly(%s) = %v, want %v", pkg, got, want)
		}
	}
}

// A module limits its pools when a non-test file calls SetMaxOpenConns,
// whatever the argument; a call in a test file limits only the test's pool.
func TestAModuleLimitsPoolsWhereANonTestFileCallsSetMaxOpenConns(t *testing.T) {
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(file), "..", "..", "testdata", "modules", "poollimit")
	for mod, want := range map[string]bool{"limited": true, "unlimited": false} {
		if got := scan(filepath.Join(dir, mod), "example.com/"+mod).LimitsPools; got != want {
			t.Errorf("%s: LimitsPools = %v, want %v", mod, got, want)
		}
	}
}
