package main

// End-to-end tests of a team's first runs on an old codebase: findings on
// stdout, sorted; packages that do not compile skipped in a few lines; the
// configuration file and the baseline; -json once per finding and
// -set-exit-status; and the command's rough edges (--version, help).

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// position returns the file, line and column of a finding line.
func position(t *testing.T, line string) (string, int, int) {
	t.Helper()
	m := textFinding.FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("not a finding: %q", line)
	}
	l, _ := strconv.Atoi(m[2])
	c, _ := strconv.Atoi(m[3])
	return m[1], l, c
}

// Findings go to stdout, as staticcheck and golangci-lint print them, sorted
// by file, line and column; stderr is for errors.
func TestFindingsGoToStdoutSortedByFileAndLine(t *testing.T) {
	t.Parallel()
	dir := fixture(t, "adopt")
	r := runEnv(t, moduleEnv, dir, binary(t), "./...")
	if r.exit != 3 || r.stderr != "" {
		t.Fatalf("exit %d, stderr %q; want 3 and nothing on stderr", r.exit, r.stderr)
	}
	lines := findingLines(t, r.stdout)
	if len(lines) != 4 {
		t.Fatalf("%d findings on stdout, want 4:\n%s", len(lines), r.stdout)
	}
	sorted := slices.IsSortedFunc(lines, func(a, b string) int {
		fa, la, ca := position(t, a)
		fb, lb, cb := position(t, b)
		if fa != fb {
			return strings.Compare(fa, fb)
		}
		if la != lb {
			return la - lb
		}
		return ca - cb
	})
	if !sorted || !strings.Contains(lines[0], "ledger.go:15:") || !strings.Contains(lines[3], "pool.go:11:") {
		t.Errorf("findings not sorted by file, line and column:\n%s", r.stdout)
	}
}

// A module whose packages do not all compile: a few errors and one line per
// skipped package on stderr, then the findings of the packages that load.
func TestPackagesThatDoNotCompileAreSkippedInAFewLines(t *testing.T) {
	t.Parallel()
	dir := fixture(t, "broken")
	r := runEnv(t, moduleEnv, dir, binary(t), "./...")
	if r.exit != 1 {
		t.Errorf("exit %d, want 1 (packages were skipped)", r.exit)
	}
	if lines := findingLines(t, r.stdout); len(lines) != 1 || !strings.Contains(lines[0], "good.go:11:2: SetMaxOpenConns(0)") {
		t.Errorf("stdout: want the finding of the package that compiles:\n%s", r.stdout)
	}
	stderr := strings.Split(strings.TrimSpace(r.stderr), "\n")
	for _, want := range []string{
		"dbpoollint: skipped broken/bad: 10 type errors (3 shown)",
		"dbpoollint: skipped broken/user: it imports broken/bad, which does not compile",
		"dbpoollint: skipped broken/gen: it imports broken/gen/queries, which does not load",
	} {
		if !slices.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	badErrors := 0
	for _, line := range stderr {
		if strings.Contains(line, "bad.go:") {
			badErrors++
		}
		if strings.HasPrefix(line, "-: ") || strings.Contains(line, "could not import") {
			t.Errorf("stray line %q", line)
		}
	}
	if badErrors != 3 || len(stderr) > 8 {
		t.Errorf("%d errors of bad.go (want 3), %d lines on stderr (want at most 8):\n%s", badErrors, len(stderr), r.stderr)
	}

	r = runEnv(t, moduleEnv, dir, binary(t), "-json", "./...")
	var got jsonFindings
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || len(got["broken/good"]["maxopenzero"]) != 1 || r.exit != 1 {
		t.Errorf("-json: exit %d (want 1), the finding of broken/good (%v):\n%s", r.exit, err, r.stdout)
	}
}

// writeConfig writes a .dbpoollint.json in dir.
func writeConfig(t *testing.T, dir, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, ".dbpoollint.json"), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

const (
	zeroLimit   = "SetMaxOpenConns(0) means no limit"
	noLimitSet  = "pool with no SetMaxOpenConns"
	noContext   = "db.Exec takes no context"
	adoptConfig = `{
  "disable": ["ctxquery"],
  "maxopenzero": {"require-limit": true},
  "exclude": ["third_party/**"]
}`
)

// The configuration file turns analyzers off, sets options and excludes
// paths, standalone (from the module root or below it) and under go vet;
// the command line's flags win over it.
func TestConfigFileAppliesToEveryRoadAndFlagsWin(t *testing.T) {
	t.Parallel()
	dir := fixture(t, "adopt")
	writeConfig(t, dir, adoptConfig)
	for _, c := range []struct {
		name string
		dir  string
		cmd  []string
	}{
		{"standalone", dir, []string{binary(t), "./..."}},
		{"standalone in a subdirectory", filepath.Join(dir, "ledger"), []string{binary(t), "."}},
		{"go vet -vettool", dir, []string{"go", "vet", "-vettool=" + binary(t), "./..."}},
	} {
		r := runEnv(t, moduleEnv, c.dir, c.cmd[0], c.cmd[1:]...)
		out := r.findings()
		if !strings.Contains(out, "ledger.go:15:2: "+zeroLimit) || !strings.Contains(out, noLimitSet) {
			t.Errorf("%s: the option is not set, or maxopenzero does not run:\n%s", c.name, out)
		}
		if strings.Contains(out, noContext) || strings.Contains(out, "pool.go") {
			t.Errorf("%s: a disabled analyzer runs, or an excluded file is reported:\n%s", c.name, out)
		}
		if r.exit == 0 {
			t.Errorf("%s: exit 0 with findings", c.name)
		}
	}
	// -diff (the fixer runs as a process of its own) takes the file too.
	if r := runEnv(t, moduleEnv, dir, binary(t), "-diff", "./..."); !strings.Contains(r.stderr, noLimitSet) || strings.Contains(r.stderr, "pool.go") || strings.Contains(r.stdout, "ExecContext") {
		t.Errorf("-diff: the file does not apply:\n%s%s", r.stdout, r.stderr)
	}
	for _, cmd := range [][]string{
		{binary(t), "-maxopenzero.require-limit=false", "./..."},
		{"go", "vet", "-vettool=" + binary(t), "-maxopenzero.require-limit=false", "./..."},
	} {
		if r := runEnv(t, moduleEnv, dir, cmd[0], cmd[1:]...); strings.Contains(r.findings(), noLimitSet) || !strings.Contains(r.findings(), zeroLimit) {
			t.Errorf("%v: the command line's option does not win:\n%s", cmd, r.findings())
		}
	}
	r := runEnv(t, moduleEnv, dir, binary(t), "-ctxquery", "./...")
	if lines := findingLines(t, r.stdout); len(lines) != 2 || !containsLine(lines, "ledger.go:24:", noContext) {
		t.Errorf("-ctxquery: want only the analyzer the file disables:\n%s", r.stdout)
	}
	r = runEnv(t, moduleEnv, dir, binary(t), "-config=none", "./...")
	if !strings.Contains(r.stdout, noContext) || !strings.Contains(r.stdout, "pool.go") || strings.Contains(r.stdout, noLimitSet) {
		t.Errorf("-config=none: the file still applies:\n%s", r.stdout)
	}

	writeConfig(t, dir, `{"disable": ["ctxqueri"]}`)
	for _, cmd := range [][]string{{binary(t), "./..."}, {"go", "vet", "-vettool=" + binary(t), "./..."}} {
		r := runEnv(t, moduleEnv, dir, cmd[0], cmd[1:]...)
		if r.exit == 0 || !strings.Contains(r.stderr, `.dbpoollint.json: unknown analyzer "ctxqueri"`) {
			t.Errorf("%v with a bad file: exit %d, want non-zero and the error\n%s", cmd[:2], r.exit, r.stderr)
		}
	}
}

// A baseline records today's findings; later runs report only new ones,
// whatever unrelated edits move the old ones.
func TestBaselineReportsOnlyNewFindings(t *testing.T) {
	t.Parallel()
	dir := fixture(t, "adopt")
	base := filepath.Join(dir, "dbpoollint-baseline.json")
	r := runEnv(t, moduleEnv, dir, binary(t), "-baseline", base, "-baseline-write", "./...")
	if r.exit != 0 || r.stdout != "" || !strings.Contains(r.stderr, "wrote 4 findings to ") {
		t.Fatalf("-baseline-write: exit %d\n%s%s", r.exit, r.stdout, r.stderr)
	}
	check := func(what string, want ...string) {
		t.Helper()
		for _, args := range [][]string{{"-baseline", base, "./..."}, {"./..."}} {
			os.Remove(filepath.Join(dir, ".dbpoollint.json"))
			if len(args) == 1 {
				// The same baseline named by the configuration file.
				writeConfig(t, dir, `{"baseline": "dbpoollint-baseline.json"}`)
			}
			r := runEnv(t, moduleEnv, dir, binary(t), args...)
			lines := findingLines(t, r.stdout)
			if len(lines) != len(want) || (len(want) == 0) != (r.exit == 0) {
				t.Errorf("%s %v: exit %d, %d findings, want %d:\n%s%s", what, args, r.exit, len(lines), len(want), r.stdout, r.stderr)
				continue
			}
			for i := range want {
				if !strings.Contains(lines[i], want[i]) {
					t.Errorf("%s %v: finding %q, want %q", what, args, lines[i], want[i])
				}
			}
		}
		os.Remove(filepath.Join(dir, ".dbpoollint.json"))
	}
	check("unchanged")
	// Written from text output, read by -json and -sarif runs alike.
	for _, mode := range []string{"-json", "-sarif"} {
		r := runEnv(t, moduleEnv, dir, binary(t), mode, "-set-exit-status", "-baseline", base, "./...")
		if r.exit != 0 {
			t.Errorf("%s -baseline: exit %d, want 0 (no new finding)\n%s", mode, r.exit, r.stdout)
		}
	}
	if r := runEnv(t, moduleEnv, dir, binary(t), "-baseline", filepath.Join(dir, "nosuch.json"), "./..."); r.exit != 2 || !strings.Contains(r.stderr, "write it with -baseline-write") {
		t.Errorf("a baseline that does not exist: exit %d, want 2 and what to do\n%s", r.exit, r.stderr)
	}

	ledger := filepath.Join(dir, "ledger", "ledger.go")
	src, err := os.ReadFile(ledger)
	if err != nil {
		t.Fatal(err)
	}
	edit := func(s string) {
		if err := os.WriteFile(ledger, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Unrelated edits move every finding.
	moved := strings.Replace(string(src), "func open(", "// Pools.\n\nconst schema = \"ledger\"\n\nfunc open(", 1)
	moved = strings.Replace(moved, "func settle(", "func noop() {}\n\nfunc settle(", 1)
	edit(moved)
	check("after unrelated edits")

	// A third query without a context in settle, where the baseline has
	// two: one new finding.
	third := strings.Replace(moved, "\treturn err\n}", "\tif err != nil {\n\t\treturn err\n\t}\n\t_, err = db.Exec(\"SELECT 1\")\n\treturn err\n}", 1)
	edit(third)
	check("a third finding in settle", "ledger.go:37:11: "+noContext)

	// The same finding in another function is new too.
	edit(moved + "\nfunc refund(ctx context.Context, db *sql.DB) error {\n\t_, err := db.Exec(\"UPDATE payments SET state = 'settled' WHERE id = $1\", 1)\n\treturn err\n}\n")
	check("the same finding in another function", "ledger.go:38:12: "+noContext)
}

// -json lists each finding once, under its package, not again under the
// package's test variant; -set-exit-status makes every output exit 3 on
// findings.
func TestJSONListsEachFindingOnceAndSetExitStatus(t *testing.T) {
	t.Parallel()
	dir := fixture(t, "adopt")
	r := runEnv(t, moduleEnv, dir, binary(t), "-json", "./...")
	if r.exit != 0 {
		t.Fatalf("-json: exit %d, want 0\n%s", r.exit, r.stderr)
	}
	var got jsonFindings
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatal(err)
	}
	seen := make(map[string]string)
	for pkg, byAnalyzer := range got {
		for _, diags := range byAnalyzer {
			for _, d := range diags {
				key := d.Posn + " " + d.Message
				if other, dup := seen[key]; dup {
					t.Errorf("%s is listed under %s and %s", key, other, pkg)
				}
				seen[key] = pkg
			}
		}
	}
	if len(seen) != 4 || len(got["adopt/ledger"]) != 2 {
		t.Errorf("want the 4 findings, those of ledger under adopt/ledger: %v", got)
	}
	for _, c := range []struct {
		fixture string
		args    []string
		want    int
	}{
		{"adopt", []string{"-json", "-set-exit-status"}, 3},
		{"adopt", []string{"-sarif", "-set-exit-status"}, 3},
		{"adopt", []string{"-set-exit-status"}, 3},
		{"adopt", []string{"-sarif"}, 0},
		{"clean", []string{"-json", "-set-exit-status"}, 0},
		{"clean", []string{"-sarif", "-set-exit-status"}, 0},
	} {
		r := runEnv(t, moduleEnv, fixture(t, c.fixture), binary(t), append(c.args, "./...")...)
		if r.exit != c.want {
			t.Errorf("%s %v: exit %d, want %d\n%s", c.fixture, c.args, r.exit, c.want, r.stderr)
		}
	}
}

// --version and "dbpoollint version" print what -V prints; help lists the
// flags a user needs, not the profiling ones.
func TestVersionSpellingsAndHelpWithoutDeveloperFlags(t *testing.T) {
	t.Parallel()
	want := run(t, t.TempDir(), binary(t), "-V")
	if !regexp.MustCompile(`^dbpoollint \d+\.\d+\.\d+\S* \(`).MatchString(want.stdout) {
		t.Errorf("-V: %q, want a version number", want.stdout)
	}
	for _, args := range [][]string{{"--version"}, {"-version"}, {"version"}} {
		if r := run(t, t.TempDir(), binary(t), args...); r.exit != 0 || r.stdout != want.stdout {
			t.Errorf("%v: exit %d, %q; want %q", args, r.exit, r.stdout, want.stdout)
		}
	}
	r := run(t, t.TempDir(), binary(t), "help")
	for _, dev := range []string{"-cpuprofile", "-memprofile", "-trace", "-debug"} {
		if strings.Contains(r.stdout, "\n  "+dev+" ") {
			t.Errorf("help lists the developers' flag %s", dev)
		}
	}
	for _, user := range []string{"-set-exit-status", "-baseline", "-baseline-write", "-config", "-json", "-sarif"} {
		if !strings.Contains(r.stdout, "\n  "+user+" ") && !strings.Contains(r.stdout, "\n  "+user+"\n") {
			t.Errorf("help does not list %s", user)
		}
	}
}

// A directive naming an analyzer the suite does not have: a message of at
// most 160 ASCII characters that names the analyzer meant.
func TestUnknownAnalyzerInADirectiveIsAShortMessage(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module typo\n\ngo 1.26\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "typo.go"), []byte("package typo\n\nimport \"database/sql\"\n\nfunc f(db *sql.DB) {\n\t//dbpoollint:ignore maxopenzro the pool is capped by PgBouncer\n\tdb.SetMaxOpenConns(0)\n}\n"), 0o644)
	r := runEnv(t, moduleEnv, dir, binary(t), "./...")
	var found bool
	for _, line := range findingLines(t, r.stdout) {
		msg := strings.TrimSuffix(textFinding.FindStringSubmatch(line)[4], " (ignoredirective)")
		if strings.Contains(msg, `unknown analyzer "maxopenzro"`) {
			found = true
			if len(msg) > 160 || !strings.Contains(msg, "did you mean maxopenzero?") {
				t.Errorf("message of %d characters (at most 160), naming maxopenzero: %s", len(msg), msg)
			}
		}
	}
	if !found {
		t.Errorf("no finding for the unknown analyzer:\n%s", r.stdout)
	}
}
