package fixrun_test

// Every fix of the testdata's fix packages and of the example service,
// applied by the built binary as a user would, leaves code that builds and
// vets, with nothing left for a second run.

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// fixFlags are the analyzer flags some fix packages are written for.
var fixFlags = map[string][]string{
	"ctxquery/strict": {"-ctxquery.strict"},
	"ctxquery/tests":  {"-ctxquery.tests"},
}

// goldenPackages returns the testdata packages that have .golden files:
// the packages whose cases hold fixes.
func goldenPackages(t *testing.T, src string) []string {
	t.Helper()
	seen := make(map[string]bool)
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".go.golden") {
			rel, _ := filepath.Rel(src, filepath.Dir(path))
			seen[filepath.ToSlash(rel)] = true
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var pkgs []string
	for p := range seen {
		pkgs = append(pkgs, p)
	}
	sort.Strings(pkgs)
	if len(pkgs) < 10 {
		t.Fatalf("only %d packages with .golden files under %s: the test would prove little", len(pkgs), src)
	}
	return pkgs
}

func TestEveryFixOfTheTestdataBuilds(t *testing.T) {
	t.Parallel()
	gopath := t.TempDir()
	src := filepath.Join(gopath, "src")
	copyTree(t, filepath.Join(root(), "testdata", "src"), src, nil)
	env := []string{"GO111MODULE=off", "GOPATH=" + gopath, "GOFLAGS=", "GOTOOLCHAIN=local"}
	pkgs := goldenPackages(t, src)
	var plain []string
	for _, p := range pkgs {
		if flags, ok := fixFlags[p]; ok {
			fix(t, env, src, append(flags, "./"+p)...)
			noFixLeft(t, env, src, append(flags, "./"+p)...)
			continue
		}
		plain = append(plain, "./"+p)
	}
	fix(t, env, src, plain...)
	noFixLeft(t, env, src, plain...)
	var all []string
	for _, p := range pkgs {
		all = append(all, "./"+p)
	}
	mustRun(t, env, src, "go", append([]string{"build"}, all...)...)
	// go vet type-checks the test files with fixes too.
	mustRun(t, env, src, "go", append([]string{"vet"}, all...)...)
}

func TestEveryFixOfTheExampleServiceBuilds(t *testing.T) {
	t.Parallel()
	example := filepath.Join(root(), "examples", "incident")
	t.Run("incident", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		copyTree(t, example, dir, func(rel string, d fs.DirEntry) bool { return rel == "pgx" })
		if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module incident\n\ngo 1.26.0\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		before, _ := os.ReadFile(filepath.Join(dir, "rowsclose.go"))
		fix(t, moduleEnv, dir, "./...")
		if after, _ := os.ReadFile(filepath.Join(dir, "rowsclose.go")); string(after) == string(before) {
			t.Fatal("dbpoollint -fix changed nothing in rowsclose.go: the example's fixes were not applied")
		}
		noFixLeft(t, moduleEnv, dir, "./...")
		mustRun(t, moduleEnv, dir, "go", "build", "./...")
		mustRun(t, moduleEnv, dir, "go", "vet", "./...")
	})
	t.Run("pgx", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		copyTree(t, filepath.Join(example, "pgx"), dir, nil)
		fix(t, moduleEnv, dir, "./...")
		noFixLeft(t, moduleEnv, dir, "./...")
		mustRun(t, moduleEnv, dir, "go", "build", "./...")
		mustRun(t, moduleEnv, dir, "go", "vet", "./...")
	})
}
