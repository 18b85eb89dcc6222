package sqlapi

import (
	"strings"
	"testing"
)

// What each driver makes of a DSN's query, at the versions whose facts
// differ: the parameters it ignores and whether its connections get a
// busy timeout.
func TestSQLiteDriversReadTheirOwnSyntax(t *testing.T) {
	for _, tc := range []struct {
		driver, version, dsn string
		ignored              string // the Raw of the ignored parameters, joined by &
		noFile               bool
		busy                 Busy
	}{
		{Mattn, "", "app.db?_busy_timeout=1000&_journal_mode=WAL", "", false, BusySet},
		{Mattn, "", "app.db", "", false, BusySet},
		{Mattn, "", "app.db?_pragma=busy_timeout(0)&_fk=1", "_pragma=busy_timeout(0)", false, BusySet},
		{Mattn, "", "app.db?_busy_timeout=0", "", false, BusyNone},
		{Modernc, "v1.50.0", "app.db?_busy_timeout=5000", "_busy_timeout=5000", false, BusyNone},
		{Modernc, "v1.55.0", "app.db?_busy_timeout=5000", "", false, BusySet},
		{Modernc, "", "app.db?_busy_timeout=5000", "", false, BusyUnknown},
		{Modernc, "", "app.db?_pragma=busy_timeout(5000)&_journal_mode=WAL", "", false, BusySet},
		{Modernc, "v1.50.0", "app.db?_pragma=busy_timeout(5000)&_timeout=10", "", false, BusySet},
		{Modernc, "", "app.db?_pragma=journal_mode(WAL)", "", false, BusyNone},
		{GlebarezDriver, "v1.23.0", "app.db?_fk=1", "_fk=1", false, BusyNone},
		{Ncruces, "v0.30.0", "file:app.db", "", false, BusySet},
		{Ncruces, "v0.30.0", "file:app.db?_pragma=journal_mode(WAL)", "", false, BusyNone},
		{Ncruces, "v0.38.0", "file:app.db?_pragma=journal_mode(WAL)", "", false, BusySet},
		{Ncruces, "", "file:app.db?_pragma=journal_mode(WAL)", "", false, BusyUnknown},
		{Ncruces, "v0.38.0", "file:app.db?_journal_mode=WAL", "_journal_mode=WAL", false, BusySet},
		{Ncruces, "v0.30.0", "app.db?_pragma=busy_timeout(5000)&_txlock=immediate", "_pragma=busy_timeout(5000)", true, BusySet},
	} {
		d, ok := DriverOfImport(tc.driver)
		if !ok {
			t.Fatalf("no row for %s", tc.driver)
		}
		var ps []SQLiteParam
		if i := strings.IndexByte(tc.dsn, '?'); i >= 0 {
			ps = SQLiteQuery(tc.dsn[i+1:], i+1)
		}
		ignored, noFile := d.SQLite.Ignored(tc.dsn, ps, tc.version)
		var raws []string
		for _, p := range ignored {
			raws = append(raws, p.Raw)
			if tc.dsn[p.Offset:p.Offset+len(p.Raw)] != p.Raw {
				t.Errorf("%s %s: %q is not at offset %d", tc.driver, tc.dsn, p.Raw, p.Offset)
			}
		}
		if got := strings.Join(raws, "&"); got != tc.ignored || noFile != tc.noFile {
			t.Errorf("%s %s %s: ignored %q (noFile %v), want %q (%v)", tc.driver, tc.version, tc.dsn, got, noFile, tc.ignored, tc.noFile)
		}
		if got := d.SQLite.BusyTimeout(tc.dsn, ps, tc.version); got != tc.busy {
			t.Errorf("%s %s %s: busy %d, want %d", tc.driver, tc.version, tc.dsn, got, tc.busy)
		}
	}
}

func TestVersionBefore(t *testing.T) {
	for _, tc := range []struct {
		v, x       string
		before, ok bool
	}{
		{"v1.54.9", "v1.55.0", true, true},
		{"v1.55.0", "v1.55.0", false, true},
		{"v1.55.1-0.20250101000000-abcdef123456", "v1.55.0", false, true},
		{"v0.9.0", "v0.38.0", true, true},
		{"", "v0.38.0", false, false},
	} {
		if before, ok := VersionBefore(tc.v, tc.x); before != tc.before || ok != tc.ok {
			t.Errorf("VersionBefore(%q, %q) = %v, %v", tc.v, tc.x, before, ok)
		}
	}
}

// Every driver row names its package once, its module and a title, and a
// database/sql driver the names it registers.
func TestDriverRowsAreComplete(t *testing.T) {
	seen := make(map[string]bool)
	for _, d := range drivers {
		if seen[d.Pkg] {
			t.Errorf("%s: two rows", d.Pkg)
		}
		seen[d.Pkg] = true
		if d.Module == "" || d.Title == "" {
			t.Errorf("%s: no module or title", d.Pkg)
		}
		if !d.Dialector && len(d.Names) == 0 {
			t.Errorf("%s: a driver that registers no name", d.Pkg)
		}
	}
	if got := DriversNamed("sqlite3"); len(got) != 2 {
		t.Errorf(`DriversNamed("sqlite3") = %d rows, want mattn and ncruces`, len(got))
	}
}
