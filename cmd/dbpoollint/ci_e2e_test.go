package main

// End-to-end tests of the CI recipes: the GitHub Actions workflow example
// passes actionlint, and the pre-commit hooks run the binary as pre-commit
// runs it.

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/dbpoollint/dbpoollint/internal/buildcache"
	"github.com/dbpoollint/dbpoollint/internal/testroot"
)

// actionlintVersion is the actionlint release the workflow example is checked
// with; go run fetches it through the Go module proxy, so that dbpoollint's
// go.mod does not depend on it.
const actionlintVersion = "v1.7.12"

func TestGitHubActionsWorkflowExamplePassesActionlint(t *testing.T) {
	t.Parallel()
	buildcache.SkipUnlessE2E(t, "builds actionlint")
	workflow := filepath.Join(testroot.Dir(), "examples", "ci", "dbpoollint.yml")
	env := []string{"GOFLAGS=", "GOWORK=off", "GOTOOLCHAIN=local", "GO111MODULE=on"}
	r := runEnv(t, env, t.TempDir(), "go", "run", "github.com/rhysd/actionlint/cmd/actionlint@"+actionlintVersion, "-color=false", workflow)
	if r.exit != 0 {
		t.Errorf("actionlint %s: exit %d\n%s%s", workflow, r.exit, r.stdout, r.stderr)
	}
	data, err := os.ReadFile(workflow)
	if err != nil {
		t.Fatal(err)
	}
	// The steps use the binary's flags and the golangci-lint release the
	// plugin is tested with.
	for _, want := range []string{
		`"$RUNNER_TEMP/dbpoollint" -sarif ./... > dbpoollint.sarif`,
		"github/codeql-action/upload-sarif@",
		`"$RUNNER_TEMP/dbpoollint" ./...`,
		"go -C .dbpoollint build -o \"$RUNNER_TEMP/dbpoollint\" ./cmd/dbpoollint",
		"golangci-lint/v2/cmd/golangci-lint@v2.15.0",
		"golangci-lint custom",
		"security-events: write",
	} {
		if !strings.Contains(string(data), want) {
			t.Errorf("the workflow lacks %q", want)
		}
	}
}

// preCommitHook is a hook of .pre-commit-hooks.yaml, read line by line (the
// file is a flat list of maps).
type preCommitHook struct {
	fields map[string]string
}

func preCommitHooks(t *testing.T) []preCommitHook {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(testroot.Dir(), ".pre-commit-hooks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	field := regexp.MustCompile(`^(- |  )([a-z_]+): (.+)$`)
	var hooks []preCommitHook
	for line := range strings.SplitSeq(string(data), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		m := field.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf(".pre-commit-hooks.yaml: unexpected line %q", line)
		}
		if m[1] == "- " {
			hooks = append(hooks, preCommitHook{fields: make(map[string]string)})
		}
		if len(hooks) == 0 {
			t.Fatalf(".pre-commit-hooks.yaml: %q outside a hook", line)
		}
		hooks[len(hooks)-1].fields[m[2]] = m[3]
	}
	return hooks
}

// pre-commit runs a hook as `<entry> <args...>` in the repository, here with
// pass_filenames: false, and fails the commit on a non-zero exit status. The
// golang hooks get the entry from `go install ./...` of this repository.
func TestPreCommitHooksFailTheCommitOnFindingsOnly(t *testing.T) {
	t.Parallel()
	hooks := preCommitHooks(t)
	if len(hooks) != 2 {
		t.Fatalf("%d hooks, want dbpoollint and dbpoollint-system", len(hooks))
	}
	for _, h := range hooks {
		f := h.fields
		if f["entry"] != "dbpoollint" || f["args"] != "[./...]" || f["pass_filenames"] != "false" || f["types"] != "[go]" {
			t.Errorf("hook %s: %v", f["id"], f)
		}
		if f["language"] != "golang" && f["language"] != "system" {
			t.Errorf("hook %s: language %s", f["id"], f["language"])
		}
	}
	if _, err := os.Stat(filepath.Join(testroot.Dir(), "cmd", hooks[0].fields["entry"])); err != nil {
		t.Errorf("the golang hook's entry is not a command of this repository: %v", err)
	}
	for name, wantExit := range map[string]int{"directives": 3, "clean": 0} {
		r := runEnv(t, moduleEnv, fixture(t, name), binary(t), "./...")
		if r.exit != wantExit {
			t.Errorf("the hook on %s: exit %d, want %d\n%s", name, r.exit, wantExit, r.stderr)
		}
	}
}
