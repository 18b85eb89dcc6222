package dbpoollint_test

// End-to-end test of road 2 of the editor integration: the custom
// golangci-lint (built with the plugin by customGolangci) run the way editor
// integrations run it, its output read the way they read it. Road 1 (gopls
// with the suite built in) is tested in cmd/build-gopls.

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// editorConfig is a typical editor-side .golangci.yml: the plugin next to a
// fast (syntax-only) linter.
const editorConfig = `version: "2"
linters:
  default: none
  enable:
    - dbpoollint
    - misspell
  settings:
    custom:
      dbpoollint:
        type: module
        description: database/sql misuse that takes services down
`

// runGolangciAsEditor runs golangci-lint with args in a copy of the
// testdata/golangci fixture module and returns stdout and the exit status.
func runGolangciAsEditor(t *testing.T, golangci string, args ...string) (dir, stdout string, exit int) {
	t.Helper()
	dir, stdout, stderr, exit := runGolangci(t, golangci, editorConfig, args...)
	if stderr != "" {
		t.Logf("golangci-lint %s stderr:\n%s", strings.Join(args, " "), stderr)
	}
	return dir, stdout, exit
}

// vscodeGoLine is the line pattern of vscode-go's runTool (extension/src/util.ts),
// which reads go.lintTool's output: file 2, line 4, column 6, message 7.
var vscodeGoLine = regexp.MustCompile(`^([^:]*: )?((.:)?[^:]*):(\d+)(:(\d+)?)?:(?:\w+:)? (.*)$`)

// vscodeLintArgs are the arguments vscode-go passes to golangci-lint v2
// ("go.lintTool": "golangci-lint-v2", "go.lintOnSave": "package"; cwd is
// the package directory) after the user's go.lintFlags.
func vscodeLintArgs(lintFlags ...string) []string {
	args := append([]string{"run"}, lintFlags...)
	return append(args, "--issues-exit-code=0", "--output.text.print-issued-lines=false",
		"--show-stats=false", "--output.text.path=stdout", "--path-mode=abs")
}

const zeroLimitMessage = "maxopenzero: SetMaxOpenConns(0) means no limit: a traffic spike opens connections"

func TestEditorIntegrationsOfTheCustomGolangciLint(t *testing.T) {
	golangci := customGolangci(t)

	t.Run("VSCodeLintOnSaveShowsTheFinding", func(t *testing.T) {
		dir, out, exit := runGolangciAsEditor(t, golangci, vscodeLintArgs()...)
		if exit != 0 {
			t.Fatalf("exit status %d, want 0 (--issues-exit-code=0)\n%s", exit, out)
		}
		var found bool
		for line := range strings.SplitSeq(strings.TrimSpace(out), "\n") {
			g := vscodeGoLine.FindStringSubmatch(line)
			if g == nil {
				t.Errorf("vscode-go does not parse %q", line)
				continue
			}
			if g[2] == filepath.Join(dir, "fixture.go") && g[4] == "13" && g[6] == "2" && strings.HasPrefix(g[7], zeroLimitMessage) {
				found = true
			}
		}
		if !found {
			t.Errorf("vscode-go reads no maxopenzero finding at fixture.go:13:2 in:\n%s", out)
		}
	})

	t.Run("LanguageServerJSONCarriesTheFinding", func(t *testing.T) {
		// golangci-lint-langserver's command for v2 (nvim-lspconfig's
		// golangci_lint_ls); nvim-lint reads the same JSON.
		_, out, exit := runGolangciAsEditor(t, golangci, "run", "--output.json.path=stdout", "--show-stats=false", "--issues-exit-code=1")
		if exit != 1 {
			t.Errorf("exit status %d, want 1 (issues found)", exit)
		}
		var report struct {
			Issues []struct {
				FromLinter, Text string
				Pos              struct {
					Filename     string
					Line, Column int
				}
			}
		}
		if err := json.Unmarshal([]byte(out), &report); err != nil {
			t.Fatalf("JSON output does not parse: %v\n%s", err, out)
		}
		var found bool
		for _, is := range report.Issues {
			if is.FromLinter == "dbpoollint" && strings.HasPrefix(is.Text, zeroLimitMessage) && is.Pos.Filename == "fixture.go" && is.Pos.Line == 13 && is.Pos.Column == 2 {
				found = true
			}
		}
		if !found {
			t.Errorf("no dbpoollint issue at fixture.go:13:2 in:\n%s", out)
		}
	})

	// The trap: --fast-only (which golangci-lint's own editor docs put in
	// go.lintFlags) keeps only syntax-only linters and drops type-aware
	// module plugins without a word: no finding, exit status 0.
	t.Run("FastOnlySilentlyDropsThePlugin", func(t *testing.T) {
		_, out, exit := runGolangciAsEditor(t, golangci, vscodeLintArgs("--fast-only")...)
		if exit != 0 || strings.Contains(out, "maxopenzero") {
			t.Errorf("--fast-only no longer drops dbpoollint (exit %d); update the README's warning:\n%s", exit, out)
		}
	})
}
