package maxopenzero_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/dbpoollint/dbpoollint/analyzers/maxopenzero"
	"github.com/dbpoollint/dbpoollint/internal/testroot"
)

func withFlags(t *testing.T, flags ...string) *analysis.Analyzer {
	t.Helper()
	a := maxopenzero.New()
	for i := 0; i+1 < len(flags); i += 2 {
		if err := a.Flags.Set(flags[i], flags[i+1]); err != nil {
			t.Fatal(err)
		}
	}
	return a
}

// fixes is one load, with the suggested fixes checked against the .golden
// files, of every fix case package under the default settings.
var fixes = &testroot.Load{
	Analyzer: maxopenzero.New,
	Fixes:    true,
	Pkgs:     []string{"maxopenzero/durfix", "maxopenzero/sqlitemattn", "maxopenzero/sqlitemodernc", "maxopenzero/sqlitencruces", "maxopenzero/sqlitegorm", "maxopenzero/sqlitehook", "maxopenzero/sqlitesqlx", "maxopenzero/sqlitepragma"},
}

// Package a also opens a pool with no limit: without -require-limit it is
// not reported. Package b calls helpers of another package (the precision
// rule). sizing: the idle and duration categories, each way, its test
// file silent; pgxsize: pgxpool's MaxConns and the dead guard.
func TestPoolSettingsThatChurnOrStarveThePoolAreReported(t *testing.T) {
	t.Parallel()
	testroot.MessagesFit(t, analysistest.Run(t, testroot.TestData(), maxopenzero.New(),
		"maxopenzero/a", "maxopenzero/b", "maxopenzero/sizing", "maxopenzero/pgxsize"))
}

// With -require-limit: pools that never get a limit, sqlx forks' openers
// recognized by their shape.
func TestRequireLimitReportsPoolsThatNeverGetALimit(t *testing.T) {
	t.Parallel()
	testroot.MessagesFit(t, analysistest.Run(t, testroot.TestData(), withFlags(t, "require-limit", "true"),
		"maxopenzero/limit", "maxopenzero/fork"))
}

// With -tests, test code is reported too; a pool a test opens, uses and
// closes is a one-off, silent.
func TestTheTestsOptionReportsTestCode(t *testing.T) {
	t.Parallel()
	testroot.MessagesFit(t, analysistest.Run(t, testroot.TestData(), withFlags(t, "require-limit", "true", "tests", "true"),
		"maxopenzero/testsflag"))
}

// With -require-lifetime: pools sized with no lifetime.
func TestRequireLifetimeReportsPoolsSizedWithNoLifetime(t *testing.T) {
	t.Parallel()
	testroot.MessagesFit(t, analysistest.Run(t, testroot.TestData(), withFlags(t, "require-lifetime", "true"),
		"maxopenzero/lifetime"))
}

func TestDurationFixesWriteSeconds(t *testing.T) {
	t.Parallel()
	fixes.Check(t, "maxopenzero/durfix")
}

// SQLite DSNs, for each driver through database/sql and gorm: parameters
// the driver ignores (the message spells them in its syntax; no fix: the
// rewrite would turn on settings the program never ran with, and having no
// .golden file, a fix would fail the run), and pools of several
// connections without a busy timeout.
func TestSQLiteDSNParametersTheDriverIgnoresAndPoolsWithoutBusyTimeout(t *testing.T) {
	t.Parallel()
	fixes.Check(t, "maxopenzero/sqlitemattn", "maxopenzero/sqlitemodernc", "maxopenzero/sqlitencruces", "maxopenzero/sqlitegorm", "maxopenzero/sqlitehook", "maxopenzero/sqlitesqlx", "maxopenzero/sqlitepragma")
}

// The facts that changed between driver releases follow the versions the
// module's go.mod requires: modernc reads mattn's keys from v1.55.0 on;
// ncruces sets a busy timeout despite a _pragma list from v0.38.0 on. The
// store package opens pools by name: the drivers are the main package's.
func TestSQLiteFactsFollowTheDriverVersionsOfGoMod(t *testing.T) {
	t.Parallel()
	testroot.MessagesFit(t, analysistest.RunWithSuggestedFixes(t, filepath.Join(testroot.TestData(), "modules", "sqliteold"), maxopenzero.New(), "./store"))
	testroot.MessagesFit(t, analysistest.Run(t, filepath.Join(testroot.TestData(), "modules", "sqlitenew"), maxopenzero.New(), "./store"))
}
