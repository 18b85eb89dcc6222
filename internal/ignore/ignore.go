// Package ignore implements the suite's suppression directive,
//
//	//dbpoollint:ignore <analyzer>[,<analyzer>] <reason>
//
// written on the flagged line or on the line above it. The reason may follow
// "//", as in golangci-lint's //nolint:name // reason. It works in every
// mode (standalone, go vet, golangci-lint, gopls) because each analyzer filters
// its own diagnostics through [Wrap].
//
// When an analyzer also requires [Directives] (the suite adds it to every
// analyzer), [Wrap] records in the package's [Set] which directives
// suppressed one of its findings; the directive analyzer built by
// [NewAnalyzer] runs after the analyzers it judges and reports the
// directives that suppressed nothing, along with directives that give no
// reason, name no analyzer of the suite, or only look like a directive.
package ignore

import (
	"go/ast"
	"go/token"
	"reflect"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/dbpoollint/dbpoollint/internal/scope"
)

// Prefix starts every directive.
const Prefix = "//dbpoollint:ignore"

// A directive is one parsed //dbpoollint:ignore comment.
type directive struct {
	pos    token.Pos
	end    token.Pos
	line   int
	names  []string
	reason string
	used   map[string]bool // analyzer names whose findings it suppressed
}

// covers reports whether the directive suppresses findings of the named
// analyzer on line.
func (d *directive) covers(name string, line int) bool {
	if line != d.line && line != d.line+1 {
		return false
	}
	for _, n := range d.names {
		if n == name {
			return true
		}
	}
	return false
}

// parse returns the directive a comment holds, if any.
func parse(fset *token.FileSet, c *ast.Comment) (*directive, bool) {
	rest, ok := strings.CutPrefix(c.Text, Prefix)
	if !ok || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
		return nil, false
	}
	d := &directive{pos: c.Slash, end: c.End(), line: fset.Position(c.Slash).Line}
	fields := strings.Fields(rest)
	if len(fields) > 0 {
		for n := range strings.SplitSeq(fields[0], ",") {
			if n = strings.TrimSpace(n); n != "" {
				d.names = append(d.names, n)
			}
		}
		// The reason follows the names, optionally after "//" as golangci-lint's
		// //nolint:name // reason has it.
		d.reason = strings.TrimSpace(strings.TrimPrefix(strings.Join(fields[1:], " "), "//"))
	}
	return d, true
}

// directives returns every directive in f.
func directives(fset *token.FileSet, f *ast.File) []*directive {
	var ds []*directive
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			if d, ok := parse(fset, c); ok {
				ds = append(ds, d)
			}
		}
	}
	return ds
}

// A Set holds the directives of one package, parsed on first use, and
// records which of them suppressed a finding. The analyzers of a package
// may run concurrently: a Set is safe for that.
type Set struct {
	fset  *token.FileSet
	files []*ast.File

	mu     sync.Mutex
	byFile map[*token.File][]*directive
}

// Directives computes a package's [*Set]. It parses nothing until a finding
// is reported (or the directive analyzer asks), so a clean package pays
// nothing; it declares no facts and reports nothing.
var Directives = &analysis.Analyzer{
	Name:       "dbpoollintdirectives",
	Doc:        "collect a package's //dbpoollint:ignore directives and record which ones suppress a finding",
	URL:        "https://github.com/dbpoollint/dbpoollint#suppressing-a-finding",
	ResultType: reflect.TypeFor[*Set](),
	Run: func(pass *analysis.Pass) (any, error) {
		return newSet(pass), nil
	},
}

func newSet(pass *analysis.Pass) *Set {
	return &Set{fset: pass.Fset, files: pass.Files, byFile: make(map[*token.File][]*directive)}
}

// inFile returns the directives of tf; s.mu must be held.
func (s *Set) inFile(tf *token.File) []*directive {
	ds, ok := s.byFile[tf]
	if !ok {
		for _, f := range s.files {
			if s.fset.File(f.FileStart) == tf {
				ds = directives(s.fset, f)
				break
			}
		}
		s.byFile[tf] = ds
	}
	return ds
}

// suppress reports whether a directive naming the analyzer covers pos, and
// marks every such directive used by it.
func (s *Set) suppress(name string, pos token.Pos) bool {
	tf := s.fset.File(pos)
	if tf == nil {
		return false
	}
	line := tf.Line(pos)
	s.mu.Lock()
	defer s.mu.Unlock()
	found := false
	for _, d := range s.inFile(tf) {
		if d.covers(name, line) {
			if d.used == nil {
				d.used = make(map[string]bool)
			}
			d.used[name] = true
			found = true
		}
	}
	return found
}

// all returns the directives of f, each with the analyzers it was used by
// so far.
func (s *Set) all(f *ast.File) []*directive {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.inFile(s.fset.File(f.FileStart))
}

// Wrap returns run with its pass's Report filtered: a diagnostic is dropped
// when a directive naming the pass's analyzer is on its line or the line
// above, and when it is in a generated file (see package scope). When the
// analyzer requires [Directives], the package's [Set] is used and records
// the suppression; otherwise each file is scanned for directives when a
// diagnostic is first reported in it. Either way, a clean package pays
// nothing.
func Wrap(run func(*analysis.Pass) (any, error)) func(*analysis.Pass) (any, error) {
	return func(pass *analysis.Pass) (any, error) {
		set, ok := pass.ResultOf[Directives].(*Set)
		if !ok {
			set = newSet(pass)
		}
		filtered := *pass
		report := pass.Report
		name := pass.Analyzer.Name
		pkg, _ := pass.ResultOf[scope.Analyzer].(*scope.Package)
		filtered.Report = func(d analysis.Diagnostic) {
			if pkg != nil && pkg.Generated(d.Pos) {
				return // the suite reports nothing in generated files (package scope)
			}
			if !set.suppress(name, d.Pos) {
				report(d)
			}
		}
		return run(&filtered)
	}
}
