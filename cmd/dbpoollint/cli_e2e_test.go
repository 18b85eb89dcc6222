package main

// End-to-end tests of the binary's own command line: help, -V, the analyzer
// name on text findings, packages that do not compile, bad flags under go
// vet, -tags, -fix's report of what it left, and the directive analyzer,
// each run as a user runs it.

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/dbpoollint/dbpoollint"
	"github.com/dbpoollint/dbpoollint/internal/buildcache"
	"github.com/dbpoollint/dbpoollint/internal/testroot"
)

// fixture copies the module testdata/cli/<name> to a temporary directory and
// returns it.
func fixture(t *testing.T, name string) string {
	t.Helper()
	dir := t.TempDir()
	if err := buildcache.CopyTree(dir, filepath.Join(testroot.TestData(), "cli", name)); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestHelpListsEveryAnalyzerAlignedWithItsTitle(t *testing.T) {
	t.Parallel()
	r := run(t, t.TempDir(), binary(t), "help")
	if r.exit != 0 {
		t.Fatalf("help: exit %d\n%s", r.exit, r.stderr)
	}
	if !strings.HasPrefix(r.stdout, "dbpoollint finds the database/sql mistakes") {
		t.Errorf("help does not start with what dbpoollint does:\n%s", r.stdout)
	}
	for _, generic := range []string{"Printf", "SplitSeq", "PROGNAME", "is a tool for static analysis"} {
		if strings.Contains(r.stdout, generic) {
			t.Errorf("help has x/tools' generic text (%q):\n%s", generic, r.stdout)
		}
	}
	column := -1
	for _, a := range dbpoollint.Analyzers() {
		line := regexp.MustCompile(`(?m)^  ` + a.Name + ` +(\S.*)$`).FindStringSubmatchIndex(r.stdout)
		if line == nil {
			t.Errorf("help does not list %s on a line of its own", a.Name)
			continue
		}
		col := line[2] - strings.LastIndex(r.stdout[:line[2]], "\n") - 1
		if column >= 0 && col != column {
			t.Errorf("%s's title starts at column %d, the others at %d", a.Name, col, column)
		}
		column = col
		if got := r.stdout[line[2]:line[3]]; strings.HasPrefix(got, a.Name+":") {
			t.Errorf("%s's title repeats its name: %q", a.Name, got)
		}
	}
}

func TestHelpOfAnAnalyzerShowsItsDocumentationAndOptions(t *testing.T) {
	t.Parallel()
	r := run(t, t.TempDir(), binary(t), "help", "maxopenzero")
	if r.exit != 0 || !strings.HasPrefix(r.stdout, "maxopenzero: report SetMaxOpenConns") ||
		!strings.Contains(r.stdout, "-maxopenzero.require-limit") || !strings.Contains(r.stdout, "https://github.com/dbpoollint/dbpoollint/blob/main/docs/maxopenzero.md") {
		t.Errorf("help maxopenzero: exit %d\n%s", r.exit, r.stdout)
	}
	if r := run(t, t.TempDir(), binary(t), "help", "nosuch"); r.exit != 2 || !strings.HasPrefix(r.stderr, `dbpoollint: no analyzer "nosuch" (analyzers: `) || r.stdout != "" {
		t.Errorf("help nosuch: exit %d, stdout %q, stderr %q; want 2 and the list of analyzers on stderr", r.exit, r.stdout, r.stderr)
	}
}

// go vet keys its cache on the line -V=full prints: it requires
// "<name> version <v> ... buildID=<id>" when <v> contains "devel".
func TestVersionFullIsTheLineGoVetReads(t *testing.T) {
	t.Parallel()
	r := run(t, t.TempDir(), binary(t), "-V=full")
	if !regexp.MustCompile(`^dbpoollint version \S+ go\S+ buildID=[0-9a-f]{64}\n$`).MatchString(r.stdout) || r.exit != 0 {
		t.Errorf("-V=full: exit %d, %q", r.exit, r.stdout)
	}
	if strings.Contains(r.stdout, "comments-go-here") {
		t.Errorf("-V=full prints x/tools' placeholder: %q", r.stdout)
	}
	if r := run(t, t.TempDir(), binary(t), "-V"); r.exit != 0 || !regexp.MustCompile(`^dbpoollint \S+ \(go\S+\)\n$`).MatchString(r.stdout) {
		t.Errorf("-V: exit %d, %q", r.exit, r.stdout)
	}
}

// Text findings end with the analyzer's name, the name a //dbpoollint:ignore
// directive and -<analyzer>=false take; -json does not repeat it.
func TestTextFindingsEndWithTheAnalyzersName(t *testing.T) {
	t.Parallel()
	suffix := regexp.MustCompile(` \((\w+)\)$`)
	suite := make(map[string]bool)
	for _, a := range dbpoollint.Analyzers() {
		suite[a.Name] = true
	}
	for _, cmd := range [][]string{
		{binary(t), "./examples/..."},
		{"go", "vet", "-vettool=" + binary(t), "./examples/..."},
	} {
		r := run(t, testroot.Dir(), cmd[0], cmd[1:]...)
		seen := make(map[string]bool)
		for _, line := range findingLines(t, r.findings()) {
			m := suffix.FindStringSubmatch(line)
			if m == nil || !suite[m[1]] {
				t.Errorf("%s: finding does not end with (<analyzer>): %q", cmd[1], line)
				continue
			}
			seen[m[1]] = true
		}
		for name := range suite {
			if !seen[name] {
				t.Errorf("%s: no finding ends with (%s)", cmd[1], name)
			}
		}
	}
	for analyzer, diags := range runJSON(t, "./examples/...")["github.com/dbpoollint/dbpoollint/examples/incident"] {
		for _, d := range diags {
			if strings.HasSuffix(d.Message, "("+analyzer+")") {
				t.Errorf("-json message repeats the analyzer: %q", d.Message)
			}
		}
	}
}

func TestPackageThatDoesNotCompileIsReportedOnceAndFails(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module broken\n\ngo 1.26\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "broken.go"), []byte("package broken\n\nimport \"database/sql\"\n\nfunc f(db *sql.DB) { var n int = \"s\"; _ = n }\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "broken_test.go"), []byte("package broken\n\nimport \"testing\"\n\nfunc TestF(t *testing.T) {}\n"), 0o644)
	const typeError = `broken.go:5:34: cannot use "s" (untyped string constant) as int value in variable declaration`
	for _, args := range [][]string{{"./..."}, {"-json", "./..."}, {"-sarif", "./..."}} {
		r := runEnv(t, moduleEnv, dir, binary(t), args...)
		if r.exit != 1 {
			t.Errorf("%v: exit %d, want 1 (a package does not compile)", args, r.exit)
		}
		if n := strings.Count(r.stderr, typeError); n != 1 {
			t.Errorf("%v: the type error is printed %d times, want once:\n%s", args, n, r.stderr)
		}
		if strings.Contains(r.stderr+r.stdout, "failed prerequisites") || strings.Contains(r.stderr+r.stdout, "analysis skipped") {
			t.Errorf("%v: the analyzers' skipped runs are reported:\n%s%s", args, r.stdout, r.stderr)
		}
		if lines := strings.Split(strings.TrimSpace(r.stderr), "\n"); len(lines) != 2 || lines[1] != "dbpoollint: skipped broken: 1 type error" {
			t.Errorf("%v: stderr %q, want the one error and the line saying the package was skipped", args, r.stderr)
		}
		if args[0] == "-json" && !json.Valid([]byte(r.stdout)) {
			t.Errorf("-json output is not JSON: %q", r.stdout)
		}
	}
}

// go vet runs the tool once per package of the build, dependencies
// included: a bad option value is one line, for the packages vetted only.
func TestBadOptionUnderGoVetIsOneLinePerVettedPackage(t *testing.T) {
	t.Parallel()
	r := run(t, testroot.Dir(), "go", "vet", "-vettool="+binary(t), "-dsninject.sinks=garbage", "./examples/...")
	if r.exit == 0 {
		t.Fatalf("go vet exited 0 with a bad option")
	}
	var errs int
	for line := range strings.SplitSeq(strings.TrimSpace(r.stderr), "\n") {
		switch {
		case strings.HasPrefix(line, "# "):
		case strings.HasPrefix(line, `invalid value "garbage" for flag -dsninject.sinks: `):
			errs++
		default:
			t.Errorf("unexpected line %q", line)
		}
	}
	if errs != 1 {
		t.Errorf("the error is printed %d times for one vetted package:\n%s", errs, r.stderr)
	}
}

func TestTagsSelectTheFilesAnalyzed(t *testing.T) {
	t.Parallel()
	dir := fixture(t, "tags")
	if r := runEnv(t, moduleEnv, dir, binary(t), "./..."); r.exit != 0 {
		t.Errorf("without -tags: exit %d, want 0\n%s", r.exit, r.stderr)
	}
	r := runEnv(t, moduleEnv, dir, binary(t), "-tags=special", "./...")
	if r.exit != 3 || !containsLine(findingLines(t, r.stdout), "special.go:7:26: ", "(maxopenzero)") {
		t.Errorf("-tags=special: exit %d, want 3 and the finding of special.go\n%s", r.exit, r.stdout)
	}
}

// -fix applies what it can and says what is left to do by hand; -diff says
// which findings its diff does not fix.
func TestFixPrintsTheFindingsItDidNotFix(t *testing.T) {
	t.Parallel()
	example := filepath.Join(testroot.Dir(), "examples", "incident")
	dir := copyExampleModule(t, example)
	r := runEnv(t, moduleEnv, dir, binary(t), "-fix", "./...")
	if r.exit != 3 {
		t.Fatalf("-fix: exit %d, want 3 (findings without a fix remain)\n%s", r.exit, r.stderr)
	}
	if !strings.HasPrefix(r.stderr, "dbpoollint: these findings remain after -fix:\n") {
		t.Errorf("-fix does not say what remains:\n%s", r.stderr)
	}
	lines := findingLines(t, strings.TrimPrefix(r.stderr, "dbpoollint: these findings remain after -fix:\n"))
	if !containsLine(lines, "reports.go:", "(sqlrowserr)") || !containsLine(lines, "main.go:", "(maxopenzero)") {
		t.Errorf("-fix does not list the findings it has no fix for:\n%s", r.stderr)
	}
	// ctxquery's findings all have fixes but refund's statement on a
	// transaction its callers begin: that one is listed, the fixed ones not.
	if !containsLine(lines, "ctxquery.go:", "tx.Exec takes no context", "(ctxquery)") || containsLine(lines, "s.db.Begin", "(ctxquery)") {
		t.Errorf("-fix lists the ctxquery findings it fixed, or not the one without a fix:\n%s", r.stderr)
	}

	dir = copyExampleModule(t, example)
	r = runEnv(t, moduleEnv, dir, binary(t), "-diff", "./...")
	if r.exit != 3 || !strings.Contains(r.stdout, "QueryRowContext(r.Context()") {
		t.Errorf("-diff: exit %d, want 3 and the diff on stdout\n%s", r.exit, r.stdout)
	}
	if !strings.HasPrefix(r.stderr, "dbpoollint: these findings have no suggested fix:\n") || !strings.Contains(r.stderr, "(sqlrowserr)") {
		t.Errorf("-diff does not say which findings have no fix:\n%s", r.stderr)
	}
	orig, _ := os.ReadFile(filepath.Join(example, "ctxquery.go"))
	if data, _ := os.ReadFile(filepath.Join(dir, "ctxquery.go")); string(data) != string(orig) {
		t.Errorf("-diff changed the files")
	}
}

const (
	unusedRowsclose = "pools.go:19:2: dbpoollint:ignore directive suppresses no rowsclose finding on its line or the next: remove the directive (ignoredirective)"
	lookalike       = "pools.go:25:2: // dbpoollint:ignore, with a space after the slashes, is not a directive"
)

// A directive that suppresses nothing is reported, unless the analyzer it
// names is turned off; one that only looks like a directive is reported.
func TestUnusedAndLookalikeDirectivesAreReportedInEveryMode(t *testing.T) {
	t.Parallel()
	dir := fixture(t, "directives")
	for _, mode := range []struct {
		name string
		cmd  []string
	}{
		{"standalone", []string{binary(t), "./..."}},
		{"go vet -vettool", []string{"go", "vet", "-vettool=" + binary(t), "./..."}},
	} {
		t.Run(strings.ReplaceAll(mode.name, " ", "_"), func(t *testing.T) {
			r := runEnv(t, moduleEnv, dir, mode.cmd[0], mode.cmd[1:]...)
			lines := findingLines(t, r.findings())
			if !containsLine(lines, unusedRowsclose) || !containsLine(lines, lookalike) {
				t.Errorf("no unused or lookalike directive reported:\n%s", r.findings())
			}
			if containsLine(lines, "pools.go:13:") || containsLine(lines, "pools.go:14:") {
				t.Errorf("the directive that suppresses a finding is reported, or does not suppress it:\n%s", r.findings())
			}
			for _, off := range [][]string{{"-rowsclose=false"}, {"-ignoredirective", "-maxopenzero"}} {
				cmd := append(append(mode.cmd[:len(mode.cmd)-1:len(mode.cmd)-1], off...), "./...")
				r := runEnv(t, moduleEnv, dir, cmd[0], cmd[1:]...)
				lines := findingLines(t, r.findings())
				if containsLine(lines, "suppresses no rowsclose finding") {
					t.Errorf("%v: the directive of an analyzer turned off is reported:\n%s", off, r.findings())
				}
				if !containsLine(lines, lookalike) {
					t.Errorf("%v: the directive analyzer no longer runs:\n%s", off, r.findings())
				}
			}
		})
	}
}

// The README's install from a checkout, and its first command: through go
// run, dbpoollint's exit status 3 becomes "exit status 3" and go run's own 1.
func TestInstallFromACheckoutAndGoRunAsTheREADMESays(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("installs the binary")
	}
	gobin := t.TempDir()
	if r := runEnv(t, []string{"GOBIN=" + gobin}, testroot.Dir(), "go", "install", "./cmd/dbpoollint"); r.exit != 0 {
		t.Fatalf("go install ./cmd/dbpoollint: exit %d\n%s", r.exit, r.stderr)
	}
	if r := run(t, testroot.Dir(), filepath.Join(gobin, "dbpoollint"), "./examples/..."); r.exit != 3 || !containsLine(findingLines(t, r.stdout), "main.go:", "(maxopenzero)") {
		t.Errorf("the installed dbpoollint: exit %d, want 3\n%s", r.exit, r.stderr)
	}
	r := run(t, testroot.Dir(), "go", "run", "./cmd/dbpoollint", "./examples/...")
	if r.exit != 1 || r.stderr != "exit status 3\n" || !containsLine(findingLines(t, r.stdout), "main.go:", "(maxopenzero)") {
		t.Errorf("go run ./cmd/dbpoollint ./examples/...: exit %d, want 1 after the findings and \"exit status 3\"\n%s%s", r.exit, r.stdout, r.stderr)
	}
}
