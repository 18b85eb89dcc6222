package main

// End-to-end test of road 1 of the editor integration: gopls built with the
// suite (offline: the module cache, else the proxy), started over stdio as
// an editor starts it, spoken to in LSP. The binary is cached between runs
// under the user cache directory, keyed by the gopls version, the Go
// toolchain, go.mod, go.sum and this module's non-test Go sources (so a code
// change rebuilds it): the first run takes minutes, later ones seconds.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/dbpoollint/dbpoollint"
	"github.com/dbpoollint/dbpoollint/internal/buildcache"
	"github.com/dbpoollint/dbpoollint/internal/testroot"
)

// fixtureFile is the file of testdata/gopls the editor opens; the quick fix
// applied to it gives fixtureFile + ".golden".
const fixtureFile = "payments.go"

// wantFindings are findings the fixture must produce, by analyzer, with the
// start of their real messages (the analyzers' own tests pin the rest; this
// test pins that gopls shows exactly what the standalone checker reports).
// fixAnalyzer's finding carries the quick fix.
var (
	wantFindings = []struct {
		analyzer string
		message  *regexp.Regexp
	}{
		{"ctxquery", regexp.MustCompile(`^db\.Query takes no context, so nothing cancels the query; use db\.QueryContext\(ctx, \.\.\.\)`)},
		{"rowsclose", regexp.MustCompile(`^rows are not closed on the return at line \d+, holding a pooled connection`)},
		{"maxopenzero", regexp.MustCompile(`^SetMaxOpenConns\(0\) means no limit`)},
		// Only with the option baked in below.
		{"maxopenzero", regexp.MustCompile(`^pool with no SetMaxOpenConns`)},
	}
	fixAnalyzer = "ctxquery"
)

// bakedOptions are built into the test's gopls with build-gopls -set, and
// set on the standalone checker's analyzers too.
var bakedOptions = map[string]map[string]string{
	"maxopenzero": {"require-limit": "true"},
}

var (
	goplsOnce sync.Once
	goplsPath string
	goplsErr  error
)

// cachedGopls returns the modified gopls, building it on a cache miss, once
// per test process.
func cachedGopls(t *testing.T) string {
	t.Helper()
	buildcache.SkipUnlessE2E(t, "builds gopls with the suite, minutes the first time")
	goplsOnce.Do(func() {
		root := testroot.Dir()
		src, err := buildcache.SourceHash(root)
		if err != nil {
			goplsErr = err
			return
		}
		goplsPath, goplsErr = buildcache.Path("gopls", GoplsVersion, runtime.Version(), src, fmt.Sprint(bakedOptions))
		if goplsErr != nil {
			return
		}
		goplsErr = buildcache.Build(buildcache.TestContext(t), goplsPath, func(ctx context.Context, work, out string) error {
			t.Logf("building gopls %s with the suite into %s", GoplsVersion, out)
			var log bytes.Buffer
			start := time.Now()
			c := config{bin: out, work: filepath.Join(work, "src"), dbpoollint: root, options: bakedOptions, stderr: &log, env: buildcache.GoEnv(work)}
			_, err := build(ctx, c)
			t.Logf("%s(%s)", &log, time.Since(start).Round(time.Second))
			return err
		})
	})
	if goplsErr != nil {
		t.Fatal(goplsErr)
	}
	return goplsPath
}

// finding is one diagnostic in LSP terms.
type finding struct {
	Analyzer string
	Range    lspRange
	Message  string
	Code     string // the category
	Href     string
	Fix      string // title of the suggested fix, if any
	Related  string // related positions and messages, in rangeString form
	fixed    string // the text with the suggested fix applied (standalone only)
}

// rangeString is r in 1-based line:col-line:col form.
func rangeString(r lspRange) string {
	return fmt.Sprintf("%d:%d-%d:%d", r.Start.Line+1, r.Start.Character+1, r.End.Line+1, r.End.Character+1)
}

func (f finding) String() string {
	return fmt.Sprintf("%s %s: %s", rangeString(f.Range), f.Analyzer, f.Message)
}

// standaloneFindings runs the suite on the fixture module at dir with the
// x/tools checker, the way cmd/dbpoollint does, and returns the findings in
// file, in LSP terms.
func standaloneFindings(t *testing.T, dir, file, text string) []finding {
	t.Helper()
	analyzers := dbpoollint.Analyzers()
	mode := packages.LoadSyntax
	for _, a := range analyzers {
		for flag, value := range bakedOptions[a.Name] {
			if err := a.Flags.Set(flag, value); err != nil {
				t.Fatalf("-%s.%s=%s: %v", a.Name, flag, value, err)
			}
		}
		if len(a.FactTypes) > 0 {
			mode = packages.LoadAllSyntax
		}
	}
	pkgs, err := packages.Load(&packages.Config{Mode: mode, Dir: dir, Env: append(os.Environ(), "GOFLAGS=", "GOWORK=off", "GOPROXY=off")}, "./...")
	if err != nil {
		t.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		t.Fatal("the fixture does not load")
	}
	graph, err := checker.Analyze(analyzers, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var fs []finding
	for act := range graph.All() {
		if !act.IsRoot {
			continue
		}
		if act.Err != nil {
			t.Fatalf("%s: %v", act.Analyzer.Name, act.Err)
		}
		for _, d := range act.Diagnostics {
			start, end := act.Package.Fset.Position(d.Pos), act.Package.Fset.Position(d.Pos)
			if d.End.IsValid() {
				end = act.Package.Fset.Position(d.End)
			}
			if start.Filename != file {
				t.Errorf("finding outside %s: %s: %s", fixtureFile, start, d.Message)
				continue
			}
			f := finding{
				Analyzer: act.Analyzer.Name,
				Range:    lspRange{lspPos(text, start.Offset), lspPos(text, end.Offset)},
				Message:  d.Message,
				Code:     cmpOr(d.Category, "default"),
				Href:     cmpOr(d.URL, act.Analyzer.URL),
			}
			if len(d.SuggestedFixes) > 0 {
				fix := d.SuggestedFixes[0]
				f.Fix = fix.Message
				var edits []lspTextEdit
				for _, e := range fix.TextEdits {
					start, end := act.Package.Fset.Position(e.Pos), act.Package.Fset.Position(e.End)
					edits = append(edits, lspTextEdit{lspRange{lspPos(text, start.Offset), lspPos(text, end.Offset)}, string(e.NewText)})
				}
				if f.fixed, err = applyEdits(text, edits); err != nil {
					t.Fatalf("%s: suggested fix %q: %v", start, fix.Message, err)
				}
			}
			var related []string
			for _, r := range d.Related {
				rstart, rend := act.Package.Fset.Position(r.Pos), act.Package.Fset.Position(r.Pos)
				if r.End.IsValid() {
					rend = act.Package.Fset.Position(r.End)
				}
				related = append(related, rangeString(lspRange{lspPos(text, rstart.Offset), lspPos(text, rend.Offset)})+" "+r.Message)
			}
			f.Related = strings.Join(related, "; ")
			fs = append(fs, f)
		}
	}
	return sortFindings(fs)
}

func cmpOr(s, or string) string {
	if s == "" {
		return or
	}
	return s
}

func sortFindings(fs []finding) []finding {
	slices.SortFunc(fs, func(a, b finding) int { return strings.Compare(a.String(), b.String()) })
	return fs
}

// editorSession is gopls started on a copy of the fixture module, with the
// fixture file open, as an editor has it.
type editorSession struct {
	c               *lspClient
	ctx             context.Context
	dir, file, text string
	uri             string
}

// openFixture copies testdata/gopls, starts gopls on it with the given gopls
// settings (what the editor answers to workspace/configuration), initializes
// the session and opens the fixture file.
func openFixture(t *testing.T, gopls string, settings map[string]any) *editorSession {
	t.Helper()
	dir := t.TempDir()
	if err := buildcache.CopyTree(dir, filepath.Join(testroot.TestData(), "gopls")); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, fixtureFile)
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	t.Cleanup(cancel)
	s := &editorSession{ctx: ctx, dir: dir, file: file, text: string(data), uri: fileURI(file)}

	// The fixture is a module of its own; gopls must not see a go.work or
	// reach the network.
	s.c = startGopls(t, gopls, dir, settings, "GOFLAGS=", "GOWORK=off", "GOPROXY=off", "GOTOOLCHAIN=local")
	var initResult struct {
		ServerInfo struct{ Name, Version string }
	}
	err = s.c.call(ctx, "initialize", map[string]any{
		"processId":             os.Getpid(),
		"clientInfo":            map[string]any{"name": "dbpoollint-e2e"},
		"rootUri":               fileURI(dir),
		"workspaceFolders":      []map[string]any{{"uri": fileURI(dir), "name": "payments"}},
		"initializationOptions": settings,
		"capabilities": map[string]any{
			"workspace": map[string]any{"configuration": true, "workspaceFolders": true},
			"textDocument": map[string]any{
				"publishDiagnostics": map[string]any{"relatedInformation": true},
				"codeAction": map[string]any{
					"codeActionLiteralSupport": map[string]any{
						"codeActionKind": map[string]any{"valueSet": []string{"quickfix", "refactor", "source"}},
					},
				},
			},
		},
	}, &initResult)
	if err != nil {
		t.Fatal(err)
	}
	var version struct{ Version string } // gopls puts its build info here
	if json.Unmarshal([]byte(initResult.ServerInfo.Version), &version) != nil {
		version.Version = initResult.ServerInfo.Version
	}
	t.Logf("server: %s %s", initResult.ServerInfo.Name, version.Version)
	if err := s.c.notify("initialized", map[string]any{}); err != nil {
		t.Fatal(err)
	}
	if err := s.c.notify("textDocument/didOpen", map[string]any{
		"textDocument": map[string]any{"uri": s.uri, "languageId": "go", "version": 1, "text": s.text},
	}); err != nil {
		t.Fatal(err)
	}
	return s
}

// waitDiagnostics returns the first diagnostics gopls publishes for the
// fixture file that satisfy done. gopls publishes in stages (parse and type
// errors, then analysis).
func (s *editorSession) waitDiagnostics(t *testing.T, done func([]finding) bool) ([]lspDiagnostic, []finding) {
	t.Helper()
	var got []finding
	for {
		select {
		case p := <-s.c.diagnostics:
			if p.URI != s.uri {
				continue
			}
			got = nil
			for _, d := range p.Diagnostics {
				got = append(got, d.finding())
			}
			got = sortFindings(got)
			if done(got) {
				return p.Diagnostics, got
			}
		case <-s.ctx.Done():
			t.Fatalf("gopls published no such diagnostics in time; last:\n%s", findingList(got))
		case <-s.c.done:
			t.Fatalf("gopls exited; last diagnostics:\n%s", findingList(got))
		}
	}
}

func TestGoplsShowsTheSuitesFindingsAndQuickFixes(t *testing.T) {
	gopls := cachedGopls(t)
	s := openFixture(t, gopls, map[string]any{})
	golden, err := os.ReadFile(filepath.Join(testroot.TestData(), "gopls", fixtureFile+".golden"))
	if err != nil {
		t.Fatal(err)
	}

	// What the standalone checker reports is what gopls must show.
	want := standaloneFindings(t, s.dir, s.file, s.text)
	suite := make(map[string]*analysis.Analyzer)
	for _, a := range dbpoollint.Analyzers() {
		suite[a.Name] = a
	}
	for _, w := range wantFindings {
		if suite[w.analyzer] == nil {
			t.Errorf("analyzer %s is not in dbpoollint.Analyzers()", w.analyzer)
			continue
		}
		if !slices.ContainsFunc(want, func(f finding) bool { return f.Analyzer == w.analyzer && w.message.MatchString(f.Message) }) {
			t.Errorf("the standalone checker reports no %s finding matching %q in testdata/gopls/%s; it reports:\n%s", w.analyzer, w.message, fixtureFile, findingList(want))
		}
	}

	published, got := s.waitDiagnostics(t, func(got []finding) bool { return len(got) >= len(want) })
	for i := range got {
		got[i].Fix = "" // gopls gives fixes through codeAction, checked below
	}
	wantNoFix := slices.Clone(want)
	for i := range wantNoFix {
		wantNoFix[i].Fix, wantNoFix[i].fixed = "", ""
	}
	t.Logf("gopls diagnostics of %s:\n%s", fixtureFile, findingList(got))
	if !slices.Equal(got, wantNoFix) {
		t.Fatalf("gopls diagnostics differ from the standalone checker's\ngot:\n%s\nwant:\n%s", findingList(got), findingList(wantNoFix))
	}
	for _, d := range published {
		if d.Severity != 2 {
			t.Errorf("%s: severity %d, want 2 (warning)", d.finding(), d.Severity)
		}
	}

	// Every finding with a suggested fix has it as its one quick fix, whose
	// edit gives what the standalone checker's fix gives; ctxquery's gives
	// the golden file.
	fixes := 0
	for i, w := range want {
		if w.Fix == "" {
			continue
		}
		fixes++
		fixed := quickFix(t, s, published, got[i], w.Fix)
		if fixed != w.fixed {
			t.Errorf("%s quick fix %q gives\n%s\nthe standalone checker's gives\n%s", w.Analyzer, w.Fix, fixed, w.fixed)
		}
		if w.Analyzer == fixAnalyzer && fixed != string(golden) {
			t.Errorf("%s quick fix %q gives\n%s\nwant (testdata/gopls/%s.golden)\n%s", w.Analyzer, w.Fix, fixed, fixtureFile, golden)
		}
	}
	if !slices.ContainsFunc(want, func(f finding) bool { return f.Analyzer == fixAnalyzer && f.Fix != "" }) {
		t.Errorf("no %s finding with a suggested fix", fixAnalyzer)
	}
	t.Logf("%d quick fixes checked", fixes)
}

// quickFix asks gopls for the quick fixes of the published diagnostic f, as
// an editor does when the user opens the light bulb on it, checks there is
// exactly one, titled title, and returns the fixture's text with its edit
// applied.
func quickFix(t *testing.T, s *editorSession, published []lspDiagnostic, f finding, title string) string {
	t.Helper()
	i := slices.IndexFunc(published, func(d lspDiagnostic) bool { return d.finding() == f })
	if i < 0 {
		t.Fatalf("no published diagnostic %s", f)
	}
	diag := published[i]
	var actions []lspCodeAction
	err := s.c.call(s.ctx, "textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": s.uri},
		"range":        diag.Range,
		"context": map[string]any{
			"diagnostics": []json.RawMessage{diag.raw},
			"only":        []string{"quickfix"},
			"triggerKind": 1, // invoked
		},
	}, &actions)
	if err != nil {
		t.Fatal(err)
	}
	var quickFixes []lspCodeAction
	for _, a := range actions {
		if a.Kind == "quickfix" && slices.ContainsFunc(a.Diagnostics, func(d lspDiagnostic) bool { return d.finding() == f }) {
			quickFixes = append(quickFixes, a)
		}
	}
	if len(quickFixes) != 1 {
		t.Fatalf("got %d quick fixes for %s, want 1 (%q); all actions: %+v", len(quickFixes), f, title, actions)
	}
	qf := quickFixes[0]
	if qf.Title != title {
		t.Errorf("quick fix title %q, want %q", qf.Title, title)
	}
	edits := qf.Edit.edits(s.uri)
	if len(edits) == 0 {
		t.Fatalf("quick fix %q carries no edit of %s: %+v", qf.Title, fixtureFile, qf)
	}
	fixed, err := applyEdits(s.text, edits)
	if err != nil {
		t.Fatal(err)
	}
	return fixed
}

// finding converts a published diagnostic; the raw JSON is kept to send it
// back in a codeAction request as the editor does.
func (d lspDiagnostic) finding() finding {
	code, _ := d.Code.(string)
	var related []string
	for _, r := range d.RelatedInformation {
		related = append(related, rangeString(r.Location.Range)+" "+r.Message)
	}
	return finding{
		Analyzer: d.Source,
		Range:    d.Range,
		Message:  d.Message,
		Code:     code,
		Href:     d.CodeDescription.Href,
		Related:  strings.Join(related, "; "),
	}
}

func findingList(fs []finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "\t%s [%s %s] fix %q related %q\n", f, f.Code, f.Href, f.Fix, f.Related)
	}
	return b.String()
}

// The README tells users to turn an analyzer off with gopls's "analyses"
// setting; VS Code sends it with its "ui.diagnostic." prefix.
func TestGoplsAnalysesSettingTurnsASuiteAnalyzerOff(t *testing.T) {
	gopls := cachedGopls(t)
	s := openFixture(t, gopls, map[string]any{"ui.diagnostic.analyses": map[string]any{"ctxquery": false}})
	_, got := s.waitDiagnostics(t, func(got []finding) bool {
		return slices.ContainsFunc(got, func(f finding) bool { return f.Analyzer == "maxopenzero" })
	})
	if slices.ContainsFunc(got, func(f finding) bool { return f.Analyzer == "ctxquery" }) {
		t.Errorf("ctxquery reported although \"analyses\": {\"ctxquery\": false}:\n%s", findingList(got))
	}
}
