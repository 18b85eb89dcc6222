package dbpoollint

// Tests of the documentation the suite's findings point at: every analyzer
// has a page docs/<analyzer>.md with a heading per diagnostic category, and
// every diagnostic's URL opens its category's heading there.

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/dbpoollint/dbpoollint/internal/analyzerdoc"
	"github.com/dbpoollint/dbpoollint/internal/ignore"
	"github.com/dbpoollint/dbpoollint/internal/testroot"
)

// categories returns every diagnostic category constant of the suite (a
// constant named Category* with a string value), by analyzer: the
// analyzers' packages under analyzers/, and the directive analyzer's in
// internal/ignore.
func categories(t *testing.T) map[string][]string {
	t.Helper()
	dirs := map[string]string{ignore.Name: filepath.Join(testroot.Dir(), "internal", "ignore")}
	entries, err := os.ReadDir(filepath.Join(testroot.Dir(), "analyzers"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			dirs[e.Name()] = filepath.Join(testroot.Dir(), "analyzers", e.Name())
		}
	}
	cats := make(map[string][]string)
	for name, dir := range dirs {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, file := range files {
			if strings.HasSuffix(file, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			for _, decl := range f.Decls {
				gd, ok := decl.(*ast.GenDecl)
				if !ok || gd.Tok != token.CONST {
					continue
				}
				for _, spec := range gd.Specs {
					vs := spec.(*ast.ValueSpec)
					for i, id := range vs.Names {
						if !strings.HasPrefix(id.Name, "Category") || i >= len(vs.Values) {
							continue
						}
						lit, ok := vs.Values[i].(*ast.BasicLit)
						if !ok || lit.Kind != token.STRING {
							continue
						}
						if v, err := strconv.Unquote(lit.Value); err == nil {
							cats[name] = append(cats[name], v)
						}
					}
				}
			}
		}
	}
	return cats
}

var heading = regexp.MustCompile(`(?m)^#{1,6}[ \t]+(.+?)[ \t]*#*$`)

// anchors returns the anchors GitHub gives the headings of the Markdown
// page: the heading's text, lowercased, with punctuation other than - and _
// dropped and spaces made hyphens; a repeated one gets -1, -2...
func anchors(page string) map[string]bool {
	got := make(map[string]bool)
	count := make(map[string]int)
	inFence := false
	for line := range strings.SplitSeq(page, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			inFence = !inFence
			continue
		}
		m := heading.FindStringSubmatch(line)
		if inFence || m == nil {
			continue
		}
		var b strings.Builder
		for _, r := range strings.ToLower(m[1]) {
			switch {
			case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_':
				b.WriteRune(r)
			case r == ' ':
				b.WriteByte('-')
			}
		}
		a := b.String()
		if n := count[a]; n > 0 {
			count[a]++
			a += "-" + strconv.Itoa(n)
		} else {
			count[a] = 1
		}
		got[a] = true
	}
	return got
}

// page returns the anchors of the analyzer's page docs/<name>.md.
func page(t *testing.T, name string) map[string]bool {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(testroot.Dir(), "docs", name+".md"))
	if err != nil {
		t.Errorf("the %s analyzer has no page: %v", name, err)
	}
	return anchors(string(data))
}

func TestEveryAnalyzerHasAPageWithAHeadingPerCategory(t *testing.T) {
	cats := categories(t)
	if len(cats["rowsclose"]) < 5 || len(cats[ignore.Name]) != 2 {
		t.Fatalf("the categories were not found: %v", cats)
	}
	for _, a := range Analyzers() {
		if want := analyzerdoc.PageURL(a.Name); a.URL != want {
			t.Errorf("%s: URL %q, want its page %q", a.Name, a.URL, want)
		}
		anchors := page(t, a.Name)
		if !anchors[a.Name] {
			t.Errorf("docs/%s.md: no heading %q (the page's title, for findings without a category)", a.Name, a.Name)
		}
		for _, c := range cats[a.Name] {
			if !anchors[c] {
				t.Errorf("docs/%s.md: no heading for the category %s (write it as a heading: ## %s)", a.Name, c, c)
			}
		}
	}
	for name := range cats {
		if !slices.ContainsFunc(Analyzers(), func(a *analysis.Analyzer) bool { return a.Name == name }) {
			t.Errorf("categories of %s, which is not an analyzer of the suite", name)
		}
	}
}

func TestTheCategoriesNolintCoversAreTheSuites(t *testing.T) {
	cats := categories(t)
	for linter, byAnalyzer := range ignore.NolintLinters() {
		for analyzer, covered := range byAnalyzer {
			if !slices.ContainsFunc(Analyzers(), func(a *analysis.Analyzer) bool { return a.Name == analyzer }) {
				t.Errorf("//nolint:%s covers %s, which is not an analyzer of the suite", linter, analyzer)
			}
			for _, c := range covered {
				if !slices.Contains(cats[analyzer], c) {
					t.Errorf("//nolint:%s covers %s's category %s, which it does not have (categories: %v)", linter, analyzer, c, cats[analyzer])
				}
			}
		}
	}
}

// testdataPatterns are the analysistest trees whose findings the URL test
// collects: every analyzer's, and the directive analyzer's.
var testdataPatterns = []string{
	"maxopenzero/...", "rowsclose/...", "connleak/...", "ctxquery/...", "dsninject/...",
	"singledb/...", "pooldeadlock/...", "ignoredirective/a",
}

func TestEveryDiagnosticOfTheTestdataLinksToItsCategorysHeading(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the whole testdata tree")
	}
	cfg := &packages.Config{
		Mode:  packages.LoadSyntax,
		Dir:   filepath.Join(testroot.TestData(), "src"),
		Env:   append(os.Environ(), "GO111MODULE=off", "GOPATH="+testroot.TestData(), "GOFLAGS=", "GOPROXY=off"),
		Tests: true,
	}
	pkgs, err := packages.Load(cfg, testdataPatterns...)
	if err != nil {
		t.Fatal(err)
	}
	var ok []*packages.Package
	for _, p := range pkgs {
		if len(p.Errors) == 0 {
			ok = append(ok, p)
		}
	}
	graph, err := checker.Analyze(Analyzers(), ok, nil)
	if err != nil {
		t.Fatal(err)
	}
	pages := make(map[string]map[string]bool)
	seen := make(map[string]int)
	for act := range graph.All() {
		for _, d := range act.Diagnostics {
			name := act.Analyzer.Name
			seen[name]++
			if pages[name] == nil {
				pages[name] = page(t, name)
			}
			base, anchor, _ := strings.Cut(d.URL, "#")
			if base != analyzerdoc.PageURL(name) || !pages[name][anchor] {
				t.Errorf("%s: %s: URL %q, want %s#<a heading of the page>", act.Package.Fset.Position(d.Pos), name, d.URL, analyzerdoc.PageURL(name))
			}
			if d.Category != "" && anchor != d.Category {
				t.Errorf("%s: %s: URL %q, want the anchor #%s", act.Package.Fset.Position(d.Pos), name, d.URL, d.Category)
			}
		}
	}
	for _, a := range Analyzers() {
		if seen[a.Name] == 0 {
			t.Errorf("no %s finding in the testdata: the test proves nothing for it", a.Name)
		}
	}
}

var mdLink = regexp.MustCompile(`\]\(([^)\s]+)\)`)

// The README and the pages under docs/ link to each other, to files of the
// repository and to headings: every relative link resolves.
func TestTheDocumentationsRelativeLinksResolve(t *testing.T) {
	pages, err := filepath.Glob(filepath.Join(testroot.Dir(), "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	pages = append(pages, filepath.Join(testroot.Dir(), "README.md"))
	for _, p := range pages {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(testroot.Dir(), p)
		for _, m := range mdLink.FindAllStringSubmatch(string(data), -1) {
			link := m[1]
			if strings.Contains(link, "://") || strings.HasPrefix(link, "mailto:") {
				continue
			}
			file, anchor, _ := strings.Cut(link, "#")
			target := p
			if file != "" {
				target = filepath.Join(filepath.Dir(p), filepath.FromSlash(file))
			}
			if _, err := os.Stat(target); err != nil {
				t.Errorf("%s: link %s: %v", rel, link, err)
				continue
			}
			if anchor == "" {
				continue
			}
			page, err := os.ReadFile(target)
			if err != nil || !strings.HasSuffix(target, ".md") {
				t.Errorf("%s: link %s: an anchor into a file that is not Markdown", rel, link)
				continue
			}
			if !anchors(string(page))[anchor] {
				t.Errorf("%s: link %s: no heading with the anchor #%s", rel, link, anchor)
			}
		}
	}
}

var preCommitRev = regexp.MustCompile(`(?m)^[#\s]*rev:\s*(\S+)`)

// pre-commit never updates a branch it fetched once: the examples pin a
// commit (or, once releases exist, a tag).
func TestThePreCommitExamplesPinACommit(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(testroot.Dir(), "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, filepath.Join(testroot.Dir(), "README.md"), filepath.Join(testroot.Dir(), ".pre-commit-hooks.yaml"))
	pinned := regexp.MustCompile(`^([0-9a-f]{40}|v\d+\.\d+\.\d+)$`)
	n := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range preCommitRev.FindAllStringSubmatch(string(data), -1) {
			n++
			if !pinned.MatchString(m[1]) {
				t.Errorf("%s: rev: %s, want a full commit sha or a release tag", filepath.Base(f), m[1])
			}
		}
	}
	if n == 0 {
		t.Error("no pre-commit example found: the test proves nothing")
	}
}
