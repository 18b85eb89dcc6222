package dbdriver_test

import (
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/dbpoollint/dbpoollint/internal/dbdriver"
	"github.com/dbpoollint/dbpoollint/internal/scope"
	"github.com/dbpoollint/dbpoollint/internal/testroot"
)

// quiet is an analysistest.Testing that ignores the want comments of the
// packages, written for rowsclose.
type quiet struct{}

func (quiet) Errorf(string, ...any) {}

// In a module that opens SQLite (mattn) and PostgreSQL (lib/pq), a package
// that imports no driver, or lib/pq only for its value helpers, gets the
// drivers its SQL is written for; SQL of both dialects keeps the module's;
// lib/pq used for pq.CopyIn is lib/pq.
func TestThePackagesSQLNarrowsTheModulesDrivers(t *testing.T) {
	var mu sync.Mutex
	got := make(map[string]string)
	probe := &analysis.Analyzer{
		Name:     "driversprobe",
		Doc:      "records the drivers of each package",
		Requires: []*analysis.Analyzer{scope.Analyzer},
		Run: func(pass *analysis.Pass) (any, error) {
			var titles []string
			for _, d := range dbdriver.Of(pass).Drivers() {
				titles = append(titles, d.Pkg)
			}
			slices.Sort(titles)
			mu.Lock()
			got[strings.TrimPrefix(pass.Pkg.Path(), "example.com/chat/")] = strings.Join(titles, " ")
			mu.Unlock()
			return nil, nil
		},
	}
	dir := filepath.Join(testroot.TestData(), "modules", "dialects")
	analysistest.Run(quiet{}, dir, probe, "./sqlite3", "./sqlite3/deltas", "./sqlitestrict", "./postgres", "./mixed", "./pqconn")
	both := "github.com/lib/pq github.com/mattn/go-sqlite3"
	want := map[string]string{
		"sqlite3":        "github.com/mattn/go-sqlite3", // AUTOINCREMENT, INSERT OR REPLACE
		"sqlite3/deltas": "github.com/mattn/go-sqlite3", // lib/pq for pq.Array only
		"sqlitestrict":   "github.com/mattn/go-sqlite3", // PRAGMA, WITHOUT ROWID
		"postgres":       "github.com/lib/pq",           // BIGSERIAL, = ANY($1), ::bigint
		"mixed":          both,                          // AUTOINCREMENT and BIGSERIAL
		"pqconn":         "github.com/lib/pq",           // pq.CopyIn: lib/pq's connections
	}
	for pkg, w := range want {
		if got[pkg] != w {
			t.Errorf("drivers of %s: got %q, want %q", pkg, got[pkg], w)
		}
	}
}
