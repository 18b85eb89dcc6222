package main

// End-to-end test of the suite's fixes together: go fix -fixtool applies
// every fix of the example service and of the testdata's fix packages in
// one run (no two fixes of the suite edit the same code), and a second run
// has nothing left to change.

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dbpoollint/dbpoollint/internal/testroot"
)

// fixPackages are the testdata packages with .golden files whose fixes need
// no analyzer flag; their golden files are the result of all the suite's
// fixes at once too.
var fixPackages = []string{
	"connleak/fix", "connleak/pgxfix", "ctxquery/a", "ctxquery/b", "ctxquery/dot", "ctxquery/pgx",
	"dsninject/fix", "dsninject/fixblank", "maxopenzero/durfix", "pooldeadlock/fix", "rowsclose/fix",
}

func TestGoFixAppliesEveryFixOfTheSuiteInOneRun(t *testing.T) {
	t.Parallel()
	bin := binary(t)
	t.Run("testdata", func(t *testing.T) {
		gopath := t.TempDir()
		src := filepath.Join(gopath, "src")
		if err := os.CopyFS(src, os.DirFS(testroot.TestData()+"/src")); err != nil {
			t.Fatal(err)
		}
		env := []string{"GO111MODULE=off", "GOPATH=" + gopath, "GOFLAGS=", "GOTOOLCHAIN=local"}
		var args []string
		for _, p := range fixPackages {
			args = append(args, "./"+p)
		}
		fixOnce(t, env, src, bin, args)
		for _, p := range fixPackages {
			goldens, _ := filepath.Glob(filepath.Join(src, p, "*.golden"))
			if len(goldens) == 0 {
				t.Fatalf("%s has no .golden file: the test would prove nothing", p)
			}
			for _, g := range goldens {
				want, _ := os.ReadFile(g)
				got, err := os.ReadFile(strings.TrimSuffix(g, ".golden"))
				if err != nil {
					t.Fatal(err)
				}
				if string(got) != string(want) {
					t.Errorf("%s: all the suite's fixes together differ from %s", strings.TrimSuffix(g, ".golden"), filepath.Base(g))
				}
			}
		}
	})
	t.Run("example", func(t *testing.T) {
		dir := copyExampleModule(t, filepath.Join(testroot.Dir(), "examples", "incident"))
		before, _ := os.ReadFile(filepath.Join(dir, "rowsclose.go"))
		fixOnce(t, moduleEnv, dir, bin, []string{"./..."})
		if after, _ := os.ReadFile(filepath.Join(dir, "rowsclose.go")); string(after) == string(before) {
			t.Error("go fix changed nothing in rowsclose.go: the example's fixes were not applied")
		}
		if r := runEnv(t, moduleEnv, dir, "go", "build", "./..."); r.exit != 0 {
			t.Fatalf("the fixed example does not compile:\n%s", r.stderr)
		}
	})
}

// fixOnce runs go fix -fixtool once, which must apply everything, then
// go fix -diff, which must find nothing left to apply.
func fixOnce(t *testing.T, env []string, dir, bin string, args []string) {
	t.Helper()
	fix := append([]string{"fix", "-fixtool=" + bin}, args...)
	if r := runEnv(t, env, dir, "go", fix...); r.exit != 0 || strings.Contains(r.stderr, "re-run") {
		t.Fatalf("go %s: exit %d\n%s%s", strings.Join(fix, " "), r.exit, r.stdout, r.stderr)
	}
	// go fix -diff exits 1 and prints the diff when edits remain, 0 when none.
	diff := append([]string{"fix", "-fixtool=" + bin, "-diff"}, args...)
	if r := runEnv(t, env, dir, "go", diff...); r.exit != 0 || strings.Contains(r.stdout, "+++") {
		t.Errorf("go fix -diff after the first run: exit %d; the first run left edits\n%s%s", r.exit, r.stdout, r.stderr)
	}
}
