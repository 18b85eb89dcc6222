package main

// End-to-end tests: they build the dbpoollint binary and run it as the README
// says users do (standalone, -json, go vet -vettool, per-analyzer flags) on
// the example service in examples/incident.

import (
	"bytes"
	"encoding/json"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/dbpoollint/dbpoollint"
	"github.com/dbpoollint/dbpoollint/internal/buildcache"
	"github.com/dbpoollint/dbpoollint/internal/testroot"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
	binDir    string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// binary builds cmd/dbpoollint once per test process and returns its path.
func binary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end test: builds and runs the binary")
	}
	buildOnce.Do(func() {
		binDir, buildErr = os.MkdirTemp("", "dbpoollint-e2e-")
		if buildErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "dbpoollint")
		cmd := exec.Command("go", "build", "-o", binPath, ".")
		cmd.Dir = filepath.Join(testroot.Dir(), "cmd", "dbpoollint")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = errors.New("go build: " + err.Error() + "\n" + string(out))
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

type result struct {
	stdout, stderr string
	exit           int
	vet            bool // a go command's: go vet prints findings on stderr
}

// findings returns the output that has the findings: stdout for the
// binary, stderr under go vet.
func (r result) findings() string {
	if r.vet {
		return r.stderr
	}
	return r.stdout
}

// run runs name with args in dir and returns its output and exit status.
func run(t *testing.T, dir, name string, args ...string) result {
	t.Helper()
	return runEnv(t, nil, dir, name, args...)
}

// inTestdataGOPATH is the environment that resolves the analysistest trees of
// testdata/src as packages (GOPATH mode).
func inTestdataGOPATH() []string {
	return []string{"GO111MODULE=off", "GOPATH=" + testroot.TestData(), "GOFLAGS="}
}

// runEnv is run with extra environment variables.
func runEnv(t *testing.T, env []string, dir, name string, args ...string) result {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := result{stdout: stdout.String(), stderr: stderr.String(), vet: name == "go"}
	var exitErr *exec.ExitError
	switch {
	case errors.As(err, &exitErr):
		r.exit = exitErr.ExitCode()
	case err != nil:
		t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
	}
	return r
}

// textFinding is the "file:line:col: message" form editors' problem matchers
// parse.
var textFinding = regexp.MustCompile(`^(\S+\.go):(\d+):(\d+): (\S.*)$`)

// relatedLine is the form the checker gives a finding's related information:
// the related position, then the message indented by a tab.
var relatedLine = regexp.MustCompile(`^(\S+\.go):(\d+):(\d+): \t(\S.*)$`)

// findingLines returns the lines of out that are findings, and fails on any
// other line but go vet's "# package" headers and related information.
func findingLines(t *testing.T, out string) []string {
	t.Helper()
	var lines []string
	for line := range strings.SplitSeq(strings.TrimSpace(out), "\n") {
		switch {
		case line == "", strings.HasPrefix(line, "# "), relatedLine.MatchString(line):
		case textFinding.MatchString(line):
			lines = append(lines, line)
		default:
			t.Errorf("output line is not file:line:col: message: %q", line)
		}
	}
	return lines
}

const unlimitedPool = "SetMaxOpenConns(0) means no limit"

func TestStandalonePrintsFindingsAndExitsWith3(t *testing.T) {
	t.Parallel()
	r := run(t, testroot.Dir(), binary(t), "./examples/...")
	if r.exit != 3 {
		t.Fatalf("exit status %d, want 3 (findings)\nstderr:\n%s", r.exit, r.stderr)
	}
	lines := findingLines(t, r.stdout)
	if !containsLine(lines, "examples/incident/main.go:", unlimitedPool) {
		t.Errorf("no maxopenzero finding in main.go; output:\n%s", r.stdout)
	}
}

func TestStandaloneExitsWith0OnCleanCode(t *testing.T) {
	t.Parallel()
	r := run(t, testroot.Dir(), binary(t), "./internal/testroot")
	if r.exit != 0 || r.stderr != "" || r.stdout != "" {
		t.Fatalf("exit status %d, stdout %q, stderr %q; want 0 and nothing", r.exit, r.stdout, r.stderr)
	}
}

// jsonFindings maps package -> analyzer -> findings, as -json prints them.
type jsonFindings map[string]map[string][]jsonDiag

// jsonDiag is one finding as -json prints it.
type jsonDiag struct {
	Category string `json:"category"`
	Posn     string `json:"posn"`
	Message  string `json:"message"`
}

func runJSON(t *testing.T, args ...string) jsonFindings {
	t.Helper()
	r := run(t, testroot.Dir(), binary(t), append([]string{"-json"}, args...)...)
	if r.exit != 0 {
		t.Fatalf("-json: exit status %d, want 0\nstderr:\n%s", r.exit, r.stderr)
	}
	var got jsonFindings
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("-json output does not parse: %v\n%s", err, r.stdout)
	}
	return got
}

func TestJSONListsFindingsByPackageAndAnalyzer(t *testing.T) {
	t.Parallel()
	got := runJSON(t, "./examples/...")
	diags := got["github.com/dbpoollint/dbpoollint/examples/incident"]["maxopenzero"]
	if len(diags) == 0 {
		t.Fatalf("no maxopenzero findings in -json output: %v", got)
	}
	if d := diags[0]; d.Category != "unlimited-pool" || !strings.Contains(d.Message, unlimitedPool) || !strings.Contains(d.Posn, "main.go:") {
		t.Errorf("unexpected finding %+v", d)
	}
}

func TestGoVetVettoolReportsFindingsAndFails(t *testing.T) {
	t.Parallel()
	r := run(t, testroot.Dir(), "go", "vet", "-vettool="+binary(t), "./examples/...")
	if r.exit == 0 {
		t.Fatalf("go vet -vettool exited 0 on findings\nstderr:\n%s", r.stderr)
	}
	if !containsLine(findingLines(t, r.stderr), "main.go:", unlimitedPool) {
		t.Errorf("go vet -vettool did not print the maxopenzero finding:\n%s", r.stderr)
	}
}

func TestAnalyzerFlagTurnsThatAnalyzerOff(t *testing.T) {
	t.Parallel()
	r := run(t, testroot.Dir(), binary(t), "-maxopenzero=false", "./examples/...")
	if strings.Contains(r.stdout, unlimitedPool) {
		t.Errorf("-maxopenzero=false still reports maxopenzero:\n%s", r.stdout)
	}
	if !strings.Contains(r.stdout, "without final check of rows.Err()") {
		t.Errorf("-maxopenzero=false also turned other analyzers off:\n%s", r.stdout)
	}
	r = run(t, testroot.Dir(), "go", "vet", "-vettool="+binary(t), "-maxopenzero=false", "./examples/...")
	if strings.Contains(r.stderr, unlimitedPool) {
		t.Errorf("go vet -vettool -maxopenzero=false still reports maxopenzero:\n%s", r.stderr)
	}
}

func TestAnalyzerOptionFlagReachesTheAnalyzer(t *testing.T) {
	t.Parallel()
	const noLimit = "pool with no SetMaxOpenConns"
	gopath, dir := inTestdataGOPATH(), t.TempDir()
	if r := runEnv(t, gopath, dir, binary(t), "maxopenzero/limit"); strings.Contains(r.stdout, noLimit) {
		t.Fatalf("require-limit finding without the option:\n%s", r.stdout)
	}
	for _, cmd := range [][]string{
		{binary(t), "-maxopenzero.require-limit", "maxopenzero/limit"},
		{"go", "vet", "-vettool=" + binary(t), "-maxopenzero.require-limit", "maxopenzero/limit"},
	} {
		r := runEnv(t, gopath, dir, cmd[0], cmd[1:]...)
		if !strings.Contains(r.findings(), noLimit) {
			t.Errorf("%s: no require-limit finding:\n%s", strings.Join(cmd, " "), r.findings())
		}
	}
}

// The example service is the README's first command: every analyzer of the
// suite has a true finding in it, each next to a "BUG(<analyzer>)" comment in
// the same function, and every such comment has its finding; the idiomatic
// twins stay silent.
func TestExampleServiceHasOneTrueFindingPerAnalyzerAndNoOther(t *testing.T) {
	t.Parallel()
	got := runJSON(t, "./examples/...")["github.com/dbpoollint/dbpoollint/examples/incident"]
	matchBugComments(t, got, filepath.Join(testroot.Dir(), "examples", "incident"))
	for _, a := range dbpoollint.Analyzers() {
		if len(got[a.Name]) == 0 {
			t.Errorf("analyzer %s has no finding in examples/incident", a.Name)
		}
	}
}

// The pgx part of the example service, a module of its own (it requires
// pgx, which dbpoollint's module does not), linted from its directory the
// way a user runs the binary: the same contract, every analyzer of the
// suite but the directive one and sqlrowserr (database/sql only) with one
// true finding. End-to-end suite only: it downloads and compiles pgx and
// its dependencies, which the fast suite does not need.
func TestPgxExampleHasOneTrueFindingPerAnalyzerAndNoOther(t *testing.T) {
	buildcache.SkipUnlessE2E(t, "compiles pgx for the example's pgx module")
	t.Parallel()
	dir := filepath.Join(testroot.Dir(), "examples", "incident", "pgx")
	r := run(t, dir, binary(t), "-json", "./...")
	if r.exit != 0 {
		t.Fatalf("-json: exit status %d, want 0\nstderr:\n%s", r.exit, r.stderr)
	}
	var all jsonFindings
	if err := json.Unmarshal([]byte(r.stdout), &all); err != nil {
		t.Fatalf("-json output does not parse: %v\n%s", err, r.stdout)
	}
	got := all["github.com/dbpoollint/dbpoollint/examples/incident/pgx"]
	matchBugComments(t, got, dir)
	for _, a := range dbpoollint.Analyzers() {
		if a.Name != "ignoredirective" && a.Name != "sqlrowserr" && len(got[a.Name]) == 0 {
			t.Errorf("analyzer %s has no finding in examples/incident/pgx", a.Name)
		}
	}
}

// matchBugComments checks that every finding of one package (by analyzer)
// sits in a function with a BUG(<analyzer>) comment of the files in dir,
// and that every such comment has its finding.
func matchBugComments(t *testing.T, got map[string][]jsonDiag, dir string) {
	t.Helper()
	bugs := bugComments(t, dir)
	found := make(map[string]bool) // "analyzer@func" with a finding
	for analyzer, diags := range got {
		for _, d := range diags {
			fn := funcAt(t, d.Posn)
			found[analyzer+"@"+fn] = true
			if !bugs[analyzer+"@"+fn] {
				t.Errorf("%s: %s finding without a BUG(%s) comment in %s: %s", d.Posn, analyzer, analyzer, fn, d.Message)
			}
		}
	}
	for key := range bugs {
		if !found[key] {
			t.Errorf("BUG comment %s has no finding", key)
		}
	}
}

var bugComment = regexp.MustCompile(`BUG\((\w+)\)`)

// bugComments returns "analyzer@func" for every BUG(analyzer) comment of the
// example's files.
func bugComments(t *testing.T, dir string) map[string]bool {
	t.Helper()
	bugs := make(map[string]bool)
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	for _, file := range files {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, file, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				for _, m := range bugComment.FindAllStringSubmatch(c.Text, -1) {
					bugs[m[1]+"@"+enclosingFunc(f, c.Pos())] = true
				}
			}
		}
	}
	return bugs
}

// funcAt returns the name of the function declared around posn
// ("file:line:col"), or the file name outside functions.
func funcAt(t *testing.T, posn string) string {
	t.Helper()
	parts := strings.Split(posn, ":")
	if len(parts) < 3 {
		t.Fatalf("bad position %q", posn)
	}
	file := strings.Join(parts[:len(parts)-2], ":")
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	line, err1 := strconv.Atoi(parts[len(parts)-2])
	col, err2 := strconv.Atoi(parts[len(parts)-1])
	if err := errors.Join(err1, err2); err != nil {
		t.Fatalf("bad position %q: %v", posn, err)
	}
	pos := fset.File(f.Pos()).LineStart(line) + token.Pos(col-1)
	return enclosingFunc(f, pos)
}

// enclosingFunc names the declaration containing pos, or whose doc comment
// contains it.
func enclosingFunc(f *ast.File, pos token.Pos) string {
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok {
			continue
		}
		start := fd.Pos()
		if fd.Doc != nil {
			start = fd.Doc.Pos()
		}
		if start <= pos && pos < fd.End() {
			return fd.Name.Name
		}
	}
	return "(package level)"
}

func containsLine(lines []string, parts ...string) bool {
	for _, line := range lines {
		all := true
		for _, p := range parts {
			all = all && strings.Contains(line, p)
		}
		if all {
			return true
		}
	}
	return false
}
