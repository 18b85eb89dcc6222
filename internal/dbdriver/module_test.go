package dbdriver

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
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

// The scan of a module's imports finds the drivers its non-test files
// import, and leaves out nested modules.
func TestTheScanFindsTheDriversOfTheModuleOnly(t *testing.T) {
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..", "testdata", "modules", "sqliteold")
	m := scan(root, "example.com/notes")
	var got []string
	for _, d := range m.Drivers {
		got = append(got, d.Pkg)
	}
	want := []string{sqlapi.Ncruces, sqlapi.Modernc}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("drivers = %v, want %v", got, want)
	}
	if m.Version(sqlapi.Modernc) != "v1.50.0" {
		t.Errorf("version of modernc = %q", m.Version(sqlapi.Modernc))
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
	t.Logf("%d files in %v, drivers %d", m.Files, time.Since(start), len(m.Drivers))
}
