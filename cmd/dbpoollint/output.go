package main

// What the standalone driver prints: the findings, once each and sorted, as
// text, JSON or SARIF; and the packages it could not analyze, briefly.

import (
	"cmp"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/token"
	"io"
	"maps"
	"os"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// A finding is one diagnostic of the run.
type finding struct {
	analyzer *analysis.Analyzer
	pkgID    string // the first package (by ID) that reported it
	fset     *token.FileSet
	files    []*ast.File // the package's syntax
	diag     analysis.Diagnostic
	pos, end token.Position
}

// collect returns the findings of the root actions sorted by file, line,
// column, analyzer and message, each once: a file of a package and of its
// test variant is analyzed twice, and the finding is kept under the package
// whose ID sorts first (the package, not its test variant).
func (r *outcome) collect() []*finding {
	var all []*finding
	if r.graph == nil {
		return nil
	}
	for act := range r.graph.All() {
		if !act.IsRoot || act.Err != nil {
			continue
		}
		fset := act.Package.Fset
		for _, d := range act.Diagnostics {
			all = append(all, &finding{
				analyzer: act.Analyzer,
				pkgID:    act.Package.ID,
				fset:     fset,
				files:    act.Package.Syntax,
				diag:     d,
				pos:      fset.Position(d.Pos),
				end:      fset.Position(d.End),
			})
		}
	}
	slices.SortFunc(all, func(a, b *finding) int {
		return cmp.Or(compareFindings(a, b), cmp.Compare(a.pkgID, b.pkgID))
	})
	return slices.CompactFunc(all, func(a, b *finding) bool {
		return compareFindings(a, b) == 0 && a.end == b.end
	})
}

func compareFindings(a, b *finding) int {
	return cmp.Or(
		cmp.Compare(a.pos.Filename, b.pos.Filename),
		cmp.Compare(a.pos.Line, b.pos.Line),
		cmp.Compare(a.pos.Column, b.pos.Column),
		cmp.Compare(a.analyzer.Name, b.analyzer.Name),
		cmp.Compare(a.diag.Message, b.diag.Message),
	)
}

// printText prints the findings as "file:line:col: message", each related
// position on a line of its own (its message after a tab), and with
// context >= 0 the lines around it.
func printText(w io.Writer, findings []*finding, context int) error {
	var b strings.Builder
	lines := make(map[string][]string)
	print := func(fset *token.FileSet, pos, end token.Pos, message string) {
		posn := fset.Position(pos)
		fmt.Fprintf(&b, "%s: %s\n", posn, message)
		if context < 0 {
			return
		}
		e := fset.Position(end)
		if !e.IsValid() {
			e = posn
		}
		src, ok := lines[posn.Filename]
		if !ok {
			data, _ := os.ReadFile(posn.Filename)
			src = strings.Split(string(data), "\n")
			lines[posn.Filename] = src
		}
		for i := posn.Line - context; i <= e.Line+context; i++ {
			if 1 <= i && i <= len(src) {
				fmt.Fprintf(&b, "%d\t%s\n", i, src[i-1])
			}
		}
	}
	for _, f := range findings {
		print(f.fset, f.diag.Pos, f.diag.End, f.diag.Message)
		for _, rel := range f.diag.Related {
			print(f.fset, rel.Pos, rel.End, "\t"+rel.Message)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// The JSON form of x/tools' checker (-json), by package ID then analyzer.
type (
	jsonDiagnostic struct {
		Category       string        `json:"category,omitempty"`
		Posn           string        `json:"posn"`
		End            string        `json:"end"`
		Message        string        `json:"message"`
		SuggestedFixes []jsonFix     `json:"suggested_fixes,omitempty"`
		Related        []jsonRelated `json:"related,omitempty"`
	}
	jsonFix struct {
		Message string     `json:"message"`
		Edits   []jsonEdit `json:"edits"`
	}
	jsonEdit struct {
		Filename string `json:"filename"`
		Start    int    `json:"start"`
		End      int    `json:"end"`
		New      string `json:"new"`
	}
	jsonRelated struct {
		Posn    string `json:"posn"`
		End     string `json:"end"`
		Message string `json:"message"`
	}
	jsonError struct {
		Err string `json:"error"`
	}
)

// printJSON prints the findings in x/tools' -json form, each once, and
// the analyzers' failures.
func printJSON(w io.Writer, r *outcome, findings []*finding) error {
	tree := make(map[string]map[string]any)
	add := func(id string) map[string]any {
		m := tree[id]
		if m == nil {
			m = make(map[string]any)
			tree[id] = m
		}
		return m
	}
	if r.graph != nil {
		for act := range r.graph.All() {
			if act.Err != nil {
				add(act.Package.ID)[act.Analyzer.Name] = jsonError{act.Err.Error()}
			}
		}
	}
	pos := func(fset *token.FileSet, p, end token.Pos) (string, string) {
		return fset.Position(p).String(), fset.Position(cmp.Or(end, p)).String()
	}
	for _, f := range findings {
		d := jsonDiagnostic{Category: f.diag.Category, Message: f.diag.Message}
		d.Posn, d.End = pos(f.fset, f.diag.Pos, f.diag.End)
		for _, fix := range f.diag.SuggestedFixes {
			jf := jsonFix{Message: fix.Message, Edits: []jsonEdit{}}
			for _, e := range fix.TextEdits {
				start, end := f.fset.Position(e.Pos), f.fset.Position(cmp.Or(e.End, e.Pos))
				jf.Edits = append(jf.Edits, jsonEdit{Filename: start.Filename, Start: start.Offset, End: end.Offset, New: string(e.NewText)})
			}
			d.SuggestedFixes = append(d.SuggestedFixes, jf)
		}
		for _, rel := range f.diag.Related {
			jr := jsonRelated{Message: rel.Message}
			jr.Posn, jr.End = pos(f.fset, rel.Pos, rel.End)
			d.Related = append(d.Related, jr)
		}
		m := add(f.pkgID)
		if _, failed := m[f.analyzer.Name].(jsonError); failed {
			continue
		}
		list, _ := m[f.analyzer.Name].([]jsonDiagnostic)
		m[f.analyzer.Name] = append(list, d)
	}
	data, err := json.MarshalIndent(tree, "", "\t")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}

// maxErrorsShown is how many errors of a package that does not compile
// are printed: enough to see what is wrong (a file not yet generated, a
// build tag), not the thousands a broken package can have.
const maxErrorsShown = 3

// loadProblems returns what to print about the packages that do not
// compile, and are therefore not analyzed (the analyzers need complete
// types): for each package with errors, its first few, then one line
// saying which package was skipped and why. Errors are printed once: a
// file's errors are also those of its package's test variant, and go list
// repeats the type checker's errors as the compiler's output ("# pkg" then
// the errors).
func loadProblems(roots []*packages.Package) []string {
	var out []string
	seen := make(map[string]bool) // errors printed
	own := make(map[*packages.Package]int)
	// Errors of the packages, dependencies first, each package once.
	var broken []*packages.Package
	packages.Visit(roots, nil, func(p *packages.Package) {
		if len(p.Errors) > 0 {
			broken = append(broken, p)
		}
	})
	isRoot := make(map[*packages.Package]bool)
	for _, p := range roots {
		isRoot[p] = true
	}
	reported := make(map[string]bool) // package paths with a "skipped" line
	why := make(map[*packages.Package]string)
	for _, p := range broken {
		typeErrors := slices.ContainsFunc(p.Errors, func(e packages.Error) bool { return e.Kind == packages.TypeError })
		why[p] = "does not load"
		if typeErrors {
			why[p] = "does not compile"
		}
		var fresh []string
		n := 0
		for _, e := range p.Errors {
			if typeErrors && e.Kind == packages.ListError && strings.HasPrefix(e.Msg, "# ") ||
				e.Kind == packages.TypeError && strings.HasPrefix(e.Msg, "could not import ") {
				// The compiler's copy of the type errors; an import that
				// failed, reported at the package imported.
				continue
			}
			n++
			s := e.Msg
			if e.Pos != "" {
				s = e.Pos + ": " + e.Msg
			}
			if !seen[s] {
				seen[s] = true
				fresh = append(fresh, s)
			}
		}
		own[p] = n
		if n == 0 || len(fresh) == 0 && reported[p.PkgPath] {
			continue // the same errors as its package, already reported
		}
		for i, s := range fresh {
			if i == maxErrorsShown {
				break
			}
			out = append(out, s)
		}
		what := plural(n, "error")
		if typeErrors {
			what = plural(n, "type error")
		}
		if shown := min(len(fresh), maxErrorsShown); shown < n {
			what += fmt.Sprintf(" (%d shown)", shown)
		}
		if isRoot[p] {
			out = append(out, fmt.Sprintf("dbpoollint: skipped %s: %s", p.ID, what))
		} else {
			out = append(out, fmt.Sprintf("dbpoollint: %s %s: %s", p.ID, why[p], what))
		}
		reported[p.PkgPath] = true
	}
	// The packages skipped for a dependency that does not compile.
	for _, p := range roots {
		if own[p] > 0 || !p.IllTyped || p.Name == "main" && strings.HasSuffix(p.PkgPath, ".test") {
			continue // generated test mains: their packages are reported
		}
		dep := brokenDependency(p, own)
		if dep == nil || reported[p.PkgPath] || testVariant(p.ID) != "" && testVariant(p.ID) == testVariant(dep.ID) {
			continue // the package under test is reported
		}
		out = append(out, fmt.Sprintf("dbpoollint: skipped %s: it imports %s, which %s", p.ID, dep.ID, why[dep]))
	}
	return out
}

// brokenDependency returns a dependency of p with errors of its own.
func brokenDependency(p *packages.Package, own map[*packages.Package]int) *packages.Package {
	seen := make(map[*packages.Package]bool)
	var find func(p *packages.Package) *packages.Package
	find = func(p *packages.Package) *packages.Package {
		for _, path := range slices.Sorted(maps.Keys(p.Imports)) {
			dep := p.Imports[path]
			if seen[dep] {
				continue
			}
			seen[dep] = true
			if own[dep] > 0 {
				return dep
			}
			if d := find(dep); d != nil {
				return d
			}
		}
		return nil
	}
	return find(p)
}

// testVariant returns "x.test" for a package ID "p [x.test]", else "".
func testVariant(id string) string {
	_, v, ok := strings.Cut(id, " [")
	if !ok {
		return ""
	}
	return v
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
