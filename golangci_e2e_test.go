package dbpoollint_test

// End-to-end test of the golangci-lint module plugin: golangci-lint is built
// with this checkout as a plugin, offline, the way `golangci-lint custom`
// builds it (a copy of the pinned release from the module cache, a plugins.go
// importing the plugin, a replace directive to this checkout, go mod tidy,
// go build), then run on the fixture module testdata/golangci with several
// .golangci.yml files.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/dbpoollint/dbpoollint/internal/buildcache"
	"github.com/dbpoollint/dbpoollint/internal/testroot"
)

// golangciVersion is the golangci-lint release the plugin is built and tested
// against; go.mod's x/tools and plugin-module-register versions are the ones
// it requires.
const golangciVersion = "v2.15.0"

// goBuildCmd runs a go command of the tool build in work, in dir, stopped when ctx
// ends, and returns its output.
func goBuildCmd(ctx context.Context, work, dir string, args ...string) (string, error) {
	cmd := buildcache.Command(ctx, "go", args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "GOFLAGS=-mod=mod"), buildcache.GoEnv(work)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go %s: %v\n%s%s", strings.Join(args, " "), err, &stdout, &stderr)
	}
	return stdout.String(), nil
}

// customGolangci returns golangci-lint built with the dbpoollint plugin,
// cached between runs by golangci-lint version, go.sum and the sources.
func customGolangci(t *testing.T) string {
	t.Helper()
	buildcache.SkipUnlessE2E(t, "builds golangci-lint with the plugin")
	golangciOnce.Do(func() { golangciPath, golangciErr = buildGolangci(t) })
	if golangciErr != nil {
		t.Fatal(golangciErr)
	}
	return golangciPath
}

// The custom golangci-lint, built once per test process.
var (
	golangciOnce sync.Once
	golangciPath string
	golangciErr  error
)

func buildGolangci(t *testing.T) (string, error) {
	root := testroot.Dir()
	src, err := buildcache.SourceHash(root)
	if err != nil {
		return "", err
	}
	path, err := buildcache.Path("golangci-lint", golangciVersion, src)
	if err != nil {
		return "", err
	}
	err = buildcache.Build(buildcache.TestContext(t), path, func(ctx context.Context, work, out string) error {
		// The module cache's copy of the release, as golangci-lint custom
		// clones it.
		var mod struct{ Dir string }
		modJSON, err := goBuildCmd(ctx, work, root, "mod", "download", "-json", "github.com/golangci/golangci-lint/v2@"+golangciVersion)
		if err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(modJSON), &mod); err != nil {
			return err
		}
		repo := filepath.Join(work, "src")
		if err := buildcache.CopyTree(repo, mod.Dir); err != nil {
			return err
		}
		plugins := "package main\n\n// Module plugins, as golangci-lint custom writes them.\nimport _ \"github.com/dbpoollint/dbpoollint\"\n"
		if err := os.WriteFile(filepath.Join(repo, "cmd", "golangci-lint", "plugins.go"), []byte(plugins), 0o644); err != nil {
			return err
		}
		for _, args := range [][]string{
			{"mod", "edit", "-require=github.com/dbpoollint/dbpoollint@v0.0.0", "-replace=github.com/dbpoollint/dbpoollint=" + root},
			{"mod", "tidy"},
			{"build", "-o", out, "./cmd/golangci-lint"},
		} {
			if _, err := goBuildCmd(ctx, work, repo, args...); err != nil {
				return err
			}
		}
		return nil
	})
	return path, err
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
	return runGolangciOn(t, "golangci", golangci, config, args...)
}

// runGolangciOn is runGolangci on a copy of the fixture module
// testdata/<fixture>.
func runGolangciOn(t *testing.T, fixture, golangci, config string, args ...string) (dir, stdout, stderr string, exit int) {
	t.Helper()
	dir = t.TempDir()
	if err := buildcache.CopyTree(dir, filepath.Join(testroot.TestData(), fixture)); err != nil {
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
		if strings.Contains(out, "(maxopenzero)") {
			t.Errorf("the analyzer is named twice: golangci-lint names it, the suite must not:\n%s", out)
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

	// golangci-lint's defaults hide findings: max-same-issues (3) those
	// with the same text, uniq-by-line all but one per line,
	// max-issues-per-linter (50) all past the 50th of the whole suite. The
	// README and .golangci.example.yml give the settings that show them all.
	t.Run("DefaultsHideFindingsTheExampleSettingsShow", func(t *testing.T) {
		want := []string{
			"hidden.go:11:55: ctxquery: ", "hidden.go:13:53: ctxquery: ", "hidden.go:15:52: ctxquery: ",
			"hidden.go:17:52: ctxquery: ", "hidden.go:19:47: maxopenzero: ", "hidden.go:19:70: ctxquery: ",
		}
		findings := func(out string) []string {
			var got []string
			for _, w := range want {
				if strings.Contains(out, w) {
					got = append(got, w)
				}
			}
			return got
		}
		lint := func(config string) string {
			_, stdout, stderr, _ := runGolangciOn(t, "golangci-hidden", golangci, config, "run", "--output.text.print-issued-lines=false", "--show-stats=false", "./...")
			return stdout + stderr
		}
		if got := findings(lint(fixtureConfig)); len(got) >= len(want) {
			t.Errorf("with golangci-lint's defaults every finding is shown (%d): the README's warning is stale", len(got))
		}
		const showAll = "issues:\n  max-issues-per-linter: 0\n  max-same-issues: 0\n  uniq-by-line: false\n"
		out := lint(fixtureConfig + showAll)
		if len(findings(out)) != len(want) {
			t.Errorf("with %q: %d of %d findings:\n%s", showAll, len(findings(out)), len(want), out)
		}
		if !strings.Contains(out, "hidden.go:24:2: ignoredirective: dbpoollint:ignore directive suppresses no rowsclose finding") {
			t.Errorf("the directive that suppresses nothing is not reported:\n%s", out)
		}
		example, err := os.ReadFile(filepath.Join(testroot.Dir(), ".golangci.example.yml"))
		if err != nil {
			t.Fatal(err)
		}
		if out := lint(string(example)); len(findings(out)) != len(want) {
			t.Errorf(".golangci.example.yml shows %d of %d findings:\n%s", len(findings(out)), len(want), out)
		}
	})

	// The recipe names what works before a release is tagged: a checkout,
	// which is what this test builds in (a replace to the checkout, as
	// golangci-lint custom does for path:).
	t.Run("TheCustomRecipeUsesACheckoutPath", func(t *testing.T) {
		recipe, err := os.ReadFile(filepath.Join(testroot.Dir(), ".custom-gcl.example.yml"))
		if err != nil {
			t.Fatal(err)
		}
		if !regexp.MustCompile(`(?m)^  - module: github.com/dbpoollint/dbpoollint\n    path: \S+$`).Match(recipe) ||
			regexp.MustCompile(`(?m)^ +version: v`).Match(recipe) || !strings.Contains(string(recipe), "version: "+golangciVersion+"\n") {
			t.Errorf(".custom-gcl.example.yml: want golangci-lint %s and the plugin from a path, the release form commented out:\n%s", golangciVersion, recipe)
		}
	})

	t.Run("UnknownSettingFailsClearly", func(t *testing.T) {
		out, exit := lintFixture(t, golangci, "        settings:\n          maxopenzero:\n            require-limits: true\n")
		want := `dbpoollint settings: maxopenzero: unknown option "require-limits" (options: require-lifetime, require-limit, tests)`
		if exit == 0 || exit == 1 || !strings.Contains(out, want) {
			t.Errorf("exit %d, want a configuration error containing %q:\n%s", exit, want, out)
		}
	})
}
