package dbpoollint_test

// End-to-end test of the golangci-lint module plugin: golangci-lint is built
// with this checkout as a plugin, offline, the way `golangci-lint custom`
// builds it (a copy of the pinned release from the module cache, a plugins.go
// importing the plugin, a replace directive to this checkout, go mod tidy,
// go build), then run on the fixture module testdata/golangci with several
// .golangci.yml files.

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dbpoollint/dbpoollint/internal/buildcache"
	"github.com/dbpoollint/dbpoollint/internal/testroot"
)

// golangciVersion is the golangci-lint release the plugin is built and tested
// against; go.mod's x/tools and plugin-module-register versions are the ones
// it requires.
const golangciVersion = "v2.15.0"

func goCmd(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// customGolangci returns golangci-lint built with the dbpoollint plugin,
// cached between runs by golangci-lint version, go.sum and the sources.
func customGolangci(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds golangci-lint with the plugin")
	}
	root := testroot.Dir()
	src, err := buildcache.SourceHash(root)
	if err != nil {
		t.Fatal(err)
	}
	path, err := buildcache.Path("golangci-lint", golangciVersion, src)
	if err != nil {
		t.Fatal(err)
	}
	err = buildcache.Build(path, func(out string) error {
		var mod struct{ Dir string }
		if err := json.Unmarshal([]byte(goCmd(t, root, "mod", "download", "-json", "github.com/golangci/golangci-lint/v2@"+golangciVersion)), &mod); err != nil {
			return err
		}
		repo := t.TempDir()
		if err := buildcache.CopyTree(repo, mod.Dir); err != nil {
			return err
		}
		plugins := "package main\n\n// Module plugins, as golangci-lint custom writes them.\nimport _ \"github.com/dbpoollint/dbpoollint\"\n"
		if err := os.WriteFile(filepath.Join(repo, "cmd", "golangci-lint", "plugins.go"), []byte(plugins), 0o644); err != nil {
			return err
		}
		goCmd(t, repo, "mod", "edit", "-require=github.com/dbpoollint/dbpoollint@v0.0.0", "-replace=github.com/dbpoollint/dbpoollint="+root)
		goCmd(t, repo, "mod", "tidy")
		goCmd(t, repo, "build", "-o", out, "./cmd/golangci-lint")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return path
}

// lintFixture runs golangci-lint on a copy of the fixture module with the
// given .golangci.yml settings block for dbpoollint.
func lintFixture(t *testing.T, golangci, settings string) (out string, exit int) {
	t.Helper()
	return lintFixtureWith(t, golangci, fixtureConfig+settings)
}

const fixtureConfig = `version: "2"
linters:
  default: none
  enable:
    - dbpoollint
  settings:
    custom:
      dbpoollint:
        type: module
        description: database/sql misuse that takes services down
`

// lintFixtureWith runs golangci-lint on a copy of the fixture module with the
// given .golangci.yml, and returns its output and exit status.
func lintFixtureWith(t *testing.T, golangci, config string) (out string, exit int) {
	t.Helper()
	_, stdout, stderr, exit := runGolangci(t, golangci, config, "run", "--output.text.print-issued-lines=false", "--show-stats=false", "./...")
	return stdout + stderr, exit
}

// runGolangci runs golangci-lint with args in a copy of the testdata/golangci
// fixture module whose .golangci.yml is config.
func runGolangci(t *testing.T, golangci, config string, args ...string) (dir, stdout, stderr string, exit int) {
	t.Helper()
	dir = t.TempDir()
	if err := buildcache.CopyTree(dir, filepath.Join(testroot.TestData(), "golangci")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".golangci.yml"), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(golangci, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOLANGCI_LINT_CACHE="+t.TempDir(), "GOFLAGS=")
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exitErr *exec.ExitError
	switch {
	case errors.As(err, &exitErr):
		exit = exitErr.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	return dir, out.String(), errOut.String(), exit
}

const (
	zeroLimit = "fixture.go:13:2: maxopenzero: SetMaxOpenConns(0) means no limit"
	noLimit   = "fixture.go:30:9: maxopenzero: pool with no SetMaxOpenConns (returned)"
)

func TestGolangciLintPlugin(t *testing.T) {
	golangci := customGolangci(t)

	t.Run("FindingsAreReportedAsDbpoollint", func(t *testing.T) {
		out, exit := lintFixture(t, golangci, "")
		if exit != 1 {
			t.Errorf("exit status %d, want 1 (issues found)", exit)
		}
		if !strings.Contains(out, zeroLimit) || !strings.Contains(out, "(dbpoollint)") {
			t.Errorf("no maxopenzero finding reported as (dbpoollint):\n%s", out)
		}
		if strings.Count(out, "means no limit") != 1 {
			t.Errorf("want exactly one zero-limit finding (the others carry //nolint:dbpoollint and //dbpoollint:ignore):\n%s", out)
		}
		if strings.Contains(out, "pool with no SetMaxOpenConns") {
			t.Errorf("require-limit finding without the setting:\n%s", out)
		}
	})

	t.Run("AnalyzerSettingsReachTheAnalyzer", func(t *testing.T) {
		out, _ := lintFixture(t, golangci, "        settings:\n          maxopenzero:\n            require-limit: true\n")
		if !strings.Contains(out, noLimit) || !strings.Contains(out, zeroLimit) {
			t.Errorf("require-limit: true did not take effect:\n%s", out)
		}
	})

	t.Run("DisableTurnsAnAnalyzerOff", func(t *testing.T) {
		out, exit := lintFixture(t, golangci, "        settings:\n          disable: [maxopenzero]\n")
		if exit != 0 || strings.Contains(out, "maxopenzero") {
			t.Errorf("disable: [maxopenzero] did not take effect (exit %d):\n%s", exit, out)
		}
	})

	t.Run("TheExampleConfigWorksAsShipped", func(t *testing.T) {
		example, err := os.ReadFile(filepath.Join(testroot.Dir(), ".golangci.example.yml"))
		if err != nil {
			t.Fatal(err)
		}
		out, exit := lintFixtureWith(t, golangci, string(example))
		if exit != 1 || !strings.Contains(out, zeroLimit) {
			t.Errorf(".golangci.example.yml: exit %d, want 1 with the maxopenzero finding:\n%s", exit, out)
		}
	})

	t.Run("UnknownSettingFailsClearly", func(t *testing.T) {
		out, exit := lintFixture(t, golangci, "        settings:\n          maxopenzero:\n            require-limits: true\n")
		want := `dbpoollint settings: maxopenzero: unknown option "require-limits" (options: require-limit)`
		if exit == 0 || exit == 1 || !strings.Contains(out, want) {
			t.Errorf("exit %d, want a configuration error containing %q:\n%s", exit, want, out)
		}
	})
}
