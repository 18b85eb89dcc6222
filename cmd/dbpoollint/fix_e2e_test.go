package main

// End-to-end test of ctxquery's suggested fixes: applied by "dbpoollint -fix"
// and by "go fix -fixtool", on a copy of examples/incident, they leave code
// that compiles and that ctxquery no longer reports.

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dbpoollint/dbpoollint/internal/testroot"
)

func TestCtxqueryFixesOfTheExampleCompileAndLeaveNoFinding(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test: builds the binary and runs go fix")
	}
	bin := filepath.Join(t.TempDir(), "dbpoollint")
	buildFixTool(t, bin)

	example := filepath.Join(testroot.Dir(), "examples", "incident")
	before := ctxqueryFindings(t, bin, copyExampleModule(t, example))
	if len(before) == 0 {
		t.Fatal("ctxquery reports nothing on examples/incident: the test would prove nothing")
	}

	for _, tc := range []struct {
		name string
		cmd  func(bin string) []string
	}{
		{"dbpoollint -fix", func(bin string) []string { return []string{bin, "-fix", "./..."} }},
		{"go fix -fixtool", func(bin string) []string { return []string{"go", "fix", "-fixtool=" + bin, "./..."} }},
	} {
		t.Run(strings.ReplaceAll(tc.name, " ", "_"), func(t *testing.T) {
			dir := copyExampleModule(t, example)
			cmd := tc.cmd(bin)
			// dbpoollint -fix exits 0 once every finding with a fix is fixed and
			// 3 when findings without one remain; anything else is a failure.
			if out, code := runFixCmd(t, dir, cmd[0], cmd[1:]...); code != 0 && code != 3 {
				t.Fatalf("%s: exit %d\n%s", strings.Join(cmd, " "), code, out)
			}
			if out, code := runFixCmd(t, dir, "go", "build", "./..."); code != 0 {
				t.Fatalf("the fixed example does not compile:\n%s", out)
			}
			if after := ctxqueryFindings(t, bin, dir); len(after) != 0 {
				t.Errorf("ctxquery still reports after %s:\n%s", tc.name, strings.Join(after, "\n"))
			}
			fixed, err := os.ReadFile(filepath.Join(dir, "ctxquery.go"))
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{
				`s.db.QueryRowContext(r.Context(), "SELECT status`,
				`s.db.BeginTx(r.Context(), nil)`,
				`s.reports.QueryContext(r.Context(), dailyTotalsQuery)`,
				`tx.ExecContext(ctx, "UPDATE payments`,
			} {
				if !strings.Contains(string(fixed), want) {
					t.Errorf("fixed ctxquery.go lacks %q", want)
				}
			}
		})
	}
}

// buildFixTool builds cmd/dbpoollint into bin.
func buildFixTool(t *testing.T, bin string) {
	t.Helper()
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Dir = filepath.Join(testroot.Dir(), "cmd", "dbpoollint")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
}

// copyExampleModule copies the Go files of dir into a fresh module named
// incident and returns its directory.
func copyExampleModule(t *testing.T, dir string) string {
	t.Helper()
	dst := t.TempDir()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no Go files in %s: %v", dir, err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, filepath.Base(f)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dst, "go.mod"), []byte("module incident\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dst
}

// runFixCmd runs name with args in dir, outside any workspace and with the
// local toolchain, and returns the combined output and the exit status.
func runFixCmd(t *testing.T, dir, name string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=", "GOTOOLCHAIN=local", "GO111MODULE=on")
	out, err := cmd.CombinedOutput()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return string(out), ee.ExitCode()
		}
		t.Fatalf("%s: %v", name, err)
	}
	return string(out), 0
}

// ctxqueryFindings runs ctxquery alone on the module in dir and returns its
// findings as "position: message".
func ctxqueryFindings(t *testing.T, bin, dir string) []string {
	t.Helper()
	cmd := exec.Command(bin, "-json", "-ctxquery", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=", "GOTOOLCHAIN=local", "GO111MODULE=on")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s -json -ctxquery: %v\n%s", bin, err, out)
	}
	var byPkg map[string]map[string]json.RawMessage
	if err := json.Unmarshal(out, &byPkg); err != nil {
		t.Fatalf("bad JSON from -json: %v\n%s", err, out)
	}
	var findings []string
	for _, byAnalyzer := range byPkg {
		raw, ok := byAnalyzer["ctxquery"]
		if !ok {
			continue
		}
		var diags []struct {
			Posn    string `json:"posn"`
			Message string `json:"message"`
		}
		if err := json.Unmarshal(raw, &diags); err != nil {
			t.Fatalf("ctxquery: %v\n%s", err, raw)
		}
		for _, d := range diags {
			findings = append(findings, d.Posn+": "+d.Message)
		}
	}
	return findings
}
