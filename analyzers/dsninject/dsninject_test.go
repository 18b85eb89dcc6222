package dsninject_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/dbpoollint/dbpoollint"
	"github.com/dbpoollint/dbpoollint/analyzers/dsninject"
	"github.com/dbpoollint/dbpoollint/internal/testroot"
)

// defaults is one load of every case package checked under the default
// settings (see testroot.Load).
var defaults = &testroot.Load{
	Analyzer: dsninject.New,
	Pkgs:     []string{"dsninject/operator", "dsninject/request"},
}

// fixes is one load, with the suggested fixes checked against the .golden
// files, of every fix case package under the default settings.
var fixes = &testroot.Load{
	Analyzer: dsninject.New,
	Fixes:    true,
	Pkgs:     []string{"dsninject/fix", "dsninject/fixblank"},
}

// One load for the cases of the default settings: package a, assembled
// DSNs reaching sinks; b, helpers of another package follow the precision
// rule; notests, test files are silent by default; nofix, no fix without the
// driver's import; related, the finding is at the first assembly of a chain,
// and its related information points at the other assemblies of the chain
// and at the sinks they reach, never at the finding's own range; realcode,
// the shapes real services write that inject nothing.
func TestAssembledDSNsReachingSinksAreReported(t *testing.T) {
	t.Parallel()
	results := analysistest.Run(t, testroot.TestData(), dsninject.New(),
		"dsninject/a", "dsninject/b", "dsninject/notests", "dsninject/nofix", "dsninject/related", "dsninject/realcode", "dsninject/dbtest", "dsninject/testfixtures/storage", "dsninject/query", "dsninject/filedriver", "dsninject/display")
	testroot.MessagesFit(t, results)
	var related []string
	for _, r := range results {
		for _, d := range r.Diagnostics {
			switch r.Pass.Pkg.Path() {
			case "dsninject/nofix":
				if len(d.SuggestedFixes) > 0 {
					t.Errorf("%s: unexpected fix %q", r.Pass.Fset.Position(d.Pos), d.SuggestedFixes[0].Message)
				}
			case "dsninject/related":
				for _, rel := range d.Related {
					p := r.Pass.Fset.Position(rel.Pos)
					related = append(related, fmt.Sprintf("%d:%d %s", p.Line, p.Column, rel.Message))
				}
			}
		}
	}
	want := []string{
		"12:3 the DSN is also assembled here, from host, user",
		"14:18 the DSN reaches sql.Open here",
	}
	if !slices.Equal(related, want) {
		t.Errorf("related information:\n got %q\nwant %q", related, want)
	}
}

// Operator configuration joined into a DSN: a rotated password breaks it,
// and the message says so; code that escapes the password is the fix and
// is silent. Values of a request keep the injection wording.
func TestOperatorConfigurationBreaksAndRequestValuesInject(t *testing.T) {
	t.Parallel()
	defaults.Check(t, "dsninject/operator", "dsninject/request")
}

func TestTestsFlagIncludesTestFiles(t *testing.T) {
	t.Parallel()
	a := dsninject.New()
	if err := a.Flags.Set("tests", "true"); err != nil {
		t.Fatal(err)
	}
	testroot.MessagesFit(t, analysistest.Run(t, testroot.TestData(), a, "dsninject/tests"))
}

// A DSN-shaped Sprintf of a dialect that no package of the module, and no
// import of the package, opens (a postgres DSN in a module that links only
// go-sql-driver/mysql in) reaches no database: silent. A postgres DSN is
// reported where the package imports a library that links lib/pq in, or
// where another package of its module imports lib/pq, or where the package
// gives sql.Open the name of a PostgreSQL driver.
func TestFormatOfADialectNoDriverOpensIsSilent(t *testing.T) {
	t.Parallel()
	mods := filepath.Join(testroot.TestData(), "modules")
	testroot.MessagesFit(t, analysistest.Run(t, filepath.Join(mods, "dsnnopg"), dsninject.New(), "./config", "./wrapped", "./named"))
	testroot.MessagesFit(t, analysistest.Run(t, filepath.Join(mods, "dialects"), dsninject.New(), "./dsnconfig"))
}

func TestClassicMySQLFormatsGetAMysqlConfigFix(t *testing.T) {
	t.Parallel()
	fixes.Check(t, "dsninject/fix", "dsninject/fixblank")
}

func TestInsecureOptionsAreReportedWhenAsked(t *testing.T) {
	t.Parallel()
	a := dsninject.New()
	if err := a.Flags.Set("insecure-options", "true"); err != nil {
		t.Fatal(err)
	}
	testroot.MessagesFit(t, analysistest.Run(t, testroot.TestData(), a, "dsninject/insecure"))
}

func TestExtraSinksFromTheSinksFlag(t *testing.T) {
	t.Parallel()
	a := dsninject.New()
	if err := a.Flags.Set("sinks", "dsninject/sinks.Dial:0, (*dsninject/sinks.Client).Open:1"); err != nil {
		t.Fatal(err)
	}
	if err := a.Flags.Set("sinks", "(dsninject/sinks.Opener).Open:1"); err != nil {
		t.Fatal(err)
	}
	testroot.MessagesFit(t, analysistest.Run(t, testroot.TestData(), a, "dsninject/sinks"))
}

func TestMalformedSinksAreRejectedWithAReason(t *testing.T) {
	t.Parallel()
	for spec, want := range map[string]string{
		"sql.Open":                 `invalid sink "sql.Open": no :argIndex`,
		"database/sql.Open:x":      `invalid sink "database/sql.Open:x": argument index "x" is not a number >= 0`,
		"database/sql.Open:-1":     `argument index "-1" is not a number >= 0`,
		"Open:1":                   `the function must be qualified by its package path`,
		"example.com/db:1":         `the function must be qualified by its package path`,
		"(*Client).Open:1":         `the receiver type must be qualified by its package path`,
		"(*example.com/x.Client:1": `no ). after the receiver type`,
		"(*example.com/x.C-1).M:0": `type name "C-1" is not an identifier`,
		"example.com/x.1F:0":       `function name "1F" is not an identifier`,
	} {
		a := dsninject.New()
		err := a.Flags.Set("sinks", "example.com/ok.F:0,"+spec)
		if err == nil {
			t.Errorf("sinks %q: no error", spec)
			continue
		}
		if !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "want pkg/path.Func:argIndex or (*pkg/path.Type).Method:argIndex") {
			t.Errorf("sinks %q: error %q, want it to contain %q", spec, err, want)
		}
		if got := a.Flags.Lookup("sinks").Value.String(); got != "" {
			t.Errorf("sinks %q: a failed Set kept %q", spec, got)
		}
	}
}

// Under golangci-lint the sinks come as a YAML list, joined with commas.
func TestSinksFromGolangciSettings(t *testing.T) {
	t.Parallel()
	s := dbpoollint.Settings{Options: map[string]map[string]any{
		"dsninject": {"sinks": []any{"example.com/ch.ParseDSN:0", "(*example.com/db.Client).Open:1"}, "tests": true},
	}}
	as, err := s.Apply(dbpoollint.Analyzers())
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		if a.Name != "dsninject" {
			continue
		}
		if got, want := a.Flags.Lookup("sinks").Value.String(), "example.com/ch.ParseDSN:0,(*example.com/db.Client).Open:1"; got != want {
			t.Errorf("sinks = %q, want %q", got, want)
		}
	}
	s.Options["dsninject"]["sinks"] = "example.com/ch.ParseDSN"
	if _, err := s.Apply(dbpoollint.Analyzers()); err == nil || !strings.Contains(err.Error(), `dsninject.sinks: invalid sink "example.com/ch.ParseDSN": no :argIndex`) {
		t.Errorf("malformed sink: error %v", err)
	}
}
