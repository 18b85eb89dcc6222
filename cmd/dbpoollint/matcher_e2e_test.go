package main

// The text output must be what editors' and CI's problem matchers parse:
// one finding a line, "file:line:col: message". This test runs the built
// binary (standalone and under go vet -vettool) on examples/incident, which
// has a finding of every analyzer of the suite, and parses every line with
// the matchers users configure.

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/dbpoollint/dbpoollint"
	"github.com/dbpoollint/dbpoollint/internal/testroot"
)

// problemMatcher is a line pattern with the groups of its fields.
type problemMatcher struct {
	name                   string
	re                     *regexp.Regexp
	file, line, col, msg   int
	needsPathSeparatorLead bool // matches only paths starting with /, ./ or ../
}

var problemMatchers = []problemMatcher{
	// VS Code's built-in "$go" problem pattern (tasks.json "problemMatcher": "$go").
	{name: "VS Code $go", re: regexp.MustCompile(`^([^:]*: )?((.:)?[^:]*):(\d+)(:(\d+))?: (.*)$`), file: 2, line: 4, col: 6, msg: 7},
	// Vim/Neovim errorformat "%f:%l:%c: %m" (the compiler/go.vim form used by :make and quickfix).
	{name: "Vim errorformat %f:%l:%c: %m", re: regexp.MustCompile(`^(.+?):(\d+):(\d+): (.*)$`), file: 1, line: 2, col: 3, msg: 4},
	// GitHub Actions' go matcher, registered by actions/setup-go (matchers.json).
	{name: "actions/setup-go", re: regexp.MustCompile(`((?:\.{0,2}\/|\.{0,2}\\)(?:.+\.go)):(?:(\d+):(\d+):)? (.*)`), file: 1, line: 2, col: 3, msg: 4, needsPathSeparatorLead: true},
}

// matchedFinding is what a matcher extracted from a line.
type matchedFinding struct{ posn, message string }

// parseFindings parses the finding lines of out with m, resolving relative
// file names against dir, and fails on any line m does not parse but go
// vet's "# package" headers.
func parseFindings(t *testing.T, m problemMatcher, dir, out string) []matchedFinding {
	t.Helper()
	var fs []matchedFinding
	for line := range strings.SplitSeq(strings.TrimSpace(out), "\n") {
		if line == "" || strings.HasPrefix(line, "# ") {
			continue
		}
		g := m.re.FindStringSubmatch(line)
		if g == nil || g[m.line] == "" || g[m.col] == "" {
			t.Errorf("%s does not parse %q with a line and column", m.name, line)
			continue
		}
		if g[0] != line {
			t.Errorf("%s matches only %q of the line %q", m.name, g[0], line)
		}
		file := g[m.file]
		if !filepath.IsAbs(file) {
			file = filepath.Join(dir, file)
		}
		if _, err := os.Stat(file); err != nil {
			t.Errorf("%s: file %q of line %q: %v", m.name, g[m.file], line, err)
		}
		fs = append(fs, matchedFinding{fmt.Sprintf("%s:%s:%s", file, g[m.line], g[m.col]), g[m.msg]})
	}
	return fs
}

// matcherJSON is -json's output: package -> analyzer -> findings, each with
// its related positions.
type matcherJSON map[string]map[string][]struct {
	Posn, Message string
	Related       []struct{ Posn, Message string }
}

func TestTextOutputParsesWithEditorProblemMatchersForEveryAnalyzer(t *testing.T) {
	t.Parallel()
	root := testroot.Dir()
	const pkg = "github.com/dbpoollint/dbpoollint/examples/incident"
	r := run(t, root, binary(t), "-json", "./examples/...")
	var all matcherJSON
	if err := json.Unmarshal([]byte(r.stdout), &all); err != nil {
		t.Fatalf("-json output does not parse: %v\n%s\n%s", err, r.stdout, r.stderr)
	}
	got := all[pkg]

	// The findings, as -json gives them: every analyzer has one. A finding's
	// related positions follow it, each on a line of its own whose message
	// starts with a tab.
	var want []matchedFinding
	related := make(map[matchedFinding][]matchedFinding)
	for _, a := range dbpoollint.Analyzers() {
		if len(got[a.Name]) == 0 {
			t.Errorf("analyzer %s has no finding in examples/incident: add one (examples/incident/%s.go), so its text output is checked here", a.Name, a.Name)
		}
		for _, d := range got[a.Name] {
			// Text output ends each finding with the analyzer's name.
			f := matchedFinding{d.Posn, d.Message + " (" + a.Name + ")"}
			want = append(want, f)
			for _, rel := range d.Related {
				rf := matchedFinding{rel.Posn, "\t" + rel.Message}
				related[f] = append(related[f], rf)
				want = append(want, rf)
			}
		}
	}
	for _, f := range want {
		if strings.ContainsAny(strings.TrimPrefix(f.message, "\t"), "\r\n") {
			t.Errorf("%s: message spans lines, which no line matcher parses: %q", f.posn, f.message)
		}
	}
	sortMatched(want)

	standalone := run(t, root, binary(t), "./examples/...")
	if standalone.exit != 3 {
		t.Fatalf("dbpoollint ./examples/...: exit status %d, want 3\nstderr:\n%s", standalone.exit, standalone.stderr)
	}
	vet := run(t, root, "go", "vet", "-vettool="+binary(t), "./examples/...")
	if vet.exit == 0 {
		t.Fatalf("go vet -vettool exited 0 on findings\nstderr:\n%s", vet.stderr)
	}

	// check compares what m reads in out with the findings of -json.
	check := func(t *testing.T, m problemMatcher, what, out string) {
		fs := parseFindings(t, m, root, out)
		for i, f := range fs {
			for j, rel := range related[f] {
				if i+1+j >= len(fs) || fs[i+1+j] != rel {
					t.Errorf("%s: related position %s:%s of %s does not follow it", what, rel.posn, rel.message, f.posn)
				}
			}
		}
		if sortMatched(fs); !slices.Equal(fs, want) {
			t.Errorf("%s: %s reads\n%s\nwant (from -json)\n%s", what, m.name, matchedList(fs), matchedList(want))
		}
	}
	for _, m := range problemMatchers {
		t.Run(m.name, func(t *testing.T) {
			// The standalone binary prints absolute file names, which every
			// matcher takes.
			check(t, m, "standalone", standalone.stdout)
			// go vet prints file names relative to the working directory,
			// without "./": matchers anchored on a path separator misread them.
			if !m.needsPathSeparatorLead {
				check(t, m, "go vet -vettool", vet.stderr)
			}
		})
	}
}

func sortMatched(fs []matchedFinding) []matchedFinding {
	slices.SortFunc(fs, func(a, b matchedFinding) int {
		return strings.Compare(a.posn+"\x00"+a.message, b.posn+"\x00"+b.message)
	})
	return fs
}

func matchedList(fs []matchedFinding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "\t%s: %s\n", f.posn, f.message)
	}
	return b.String()
}
