package main

// End-to-end test of ctxquery's suggested fixes: applied by "dbpoollint -fix"
// and by "go fix -fixtool", on a copy of examples/incident, they leave code
// that compiles and that ctxquery no longer reports, but for the finding
// that has no fix: refund's statement on the transaction its callers begin
// (one of them without a context), where the fix could not know which
// context the transaction is bound to.

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dbpoollint/dbpoollint/internal/testroot"
)

// moduleEnv runs commands in a copied module, outside any workspace and with
// the local toolchain.
var moduleEnv = []string{"GOWORK=off", "GOFLAGS=", "GOTOOLCHAIN=local", "GO111MODULE=on"}

func TestCtxqueryFixesOfTheExampleCompileAndLeaveNoFinding(t *testing.T) {
	t.Parallel()
	bin := binary(t)
	example := filepath.Join(testroot.Dir(), "examples", "incident")
	before := ctxqueryFindings(t, bin, copyExampleModule(t, example))
	if len(before) == 0 {
		t.Fatal("ctxquery reports nothing on examples/incident: the test would prove nothing")
	}

	for _, tc := range []struct {
		name string
		cmd  []string
	}{
		{"dbpoollint -fix", []string{bin, "-fix", "./..."}},
		{"go fix -fixtool", []string{"go", "fix", "-fixtool=" + bin, "./..."}},
		{"go vet -vettool -fix", []string{"go", "vet", "-vettool=" + bin, "-fix", "./..."}},
	} {
		t.Run(strings.ReplaceAll(tc.name, " ", "_"), func(t *testing.T) {
			dir := copyExampleModule(t, example)
			// dbpoollint -fix exits 0 once every finding with a fix is fixed and
			// 3 when findings without one remain; anything else is a failure.
			if r := runEnv(t, moduleEnv, dir, tc.cmd[0], tc.cmd[1:]...); r.exit != 0 && r.exit != 3 {
				t.Fatalf("%s: exit %d\n%s%s", strings.Join(tc.cmd, " "), r.exit, r.stdout, r.stderr)
			}
			if r := runEnv(t, moduleEnv, dir, "go", "build", "./..."); r.exit != 0 {
				t.Fatalf("the fixed example does not compile:\n%s", r.stderr)
			}
			after := ctxqueryFindings(t, bin, dir)
			if len(after) != 1 || !strings.Contains(after[0], "tx.Exec takes no context") {
				t.Errorf("after %s, ctxquery should report only refund's tx.Exec, which has no fix; it reports:\n%s", tc.name, strings.Join(after, "\n"))
			}
			fixed, err := os.ReadFile(filepath.Join(dir, "ctxquery.go"))
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{
				`s.db.QueryRowContext(r.Context(), "SELECT status`,
				`s.db.BeginTx(r.Context(), nil)`,
				`s.reports.QueryContext(r.Context(), dailyTotalsQuery)`,
			} {
				if !strings.Contains(string(fixed), want) {
					t.Errorf("fixed ctxquery.go lacks %q", want)
				}
			}
			if !strings.Contains(string(fixed), `tx.Exec("UPDATE payments`) {
				t.Errorf("a fix changed refund's tx.Exec, whose transaction is begun out of sight")
			}
		})
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

// ctxqueryFindings runs ctxquery alone on the module in dir and returns its
// findings as "position: message".
func ctxqueryFindings(t *testing.T, bin, dir string) []string {
	t.Helper()
	r := runEnv(t, moduleEnv, dir, bin, "-json", "-ctxquery", "./...")
	if r.exit != 0 {
		t.Fatalf("%s -json -ctxquery: exit %d\n%s", bin, r.exit, r.stderr)
	}
	var byPkg jsonFindings
	if err := json.Unmarshal([]byte(r.stdout), &byPkg); err != nil {
		t.Fatalf("bad JSON from -json: %v\n%s", err, r.stdout)
	}
	var findings []string
	for _, byAnalyzer := range byPkg {
		for _, d := range byAnalyzer["ctxquery"] {
			findings = append(findings, d.Posn+": "+d.Message)
		}
	}
	return findings
}
