// Package ignore implements the suite's suppression directive,
//
//	//dbpoollint:ignore <analyzer>[,<analyzer>] <reason>
//
// written on the flagged line or on the line above it. The reason may follow
// "//", as in golangci-lint's //nolint:name // reason. It works in every
// mode (standalone, go vet, golangci-lint, gopls) because each analyzer filters
// its own diagnostics through [Wrap].
//
// golangci-lint's //nolint comments for the linters the suite replaces
// (sqlclosecheck, rowserrcheck, noctx) suppress the matching findings too;
// see nolint.go. The directive analyzer's honor-nolint flag turns that off.
//
// When an analyzer also requires the directive set of its suite
// ([DirectivesOf] the directive analyzer; the suite adds it to every
// analyzer), [Wrap] records in the package's [Set] which directives
// suppressed one of its findings; the directive analyzer built by
// [NewAnalyzer] runs after the analyzers it judges and reports the
// directives that suppressed nothing, along with directives that give no
// reason, name no analyzer of the suite, or only look like a directive.
//
// [Wrap] also gives each diagnostic the URL of its category's section in the
// analyzer's documentation page (see package analyzerdoc).
package ignore

import (
	"go/ast"
	"go/token"
	"reflect"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/dbpoollint/dbpoollint/internal/analyzerdoc"
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
	opts  options

	mu      sync.Mutex
	byFile  map[*token.File][]*directive
	nolints map[*token.File][]nolintRange
}

// options are a suite's suppression settings, the flags of its directive
// set analyzer (the directive analyzer shows honor-nolint as its own).
type options struct {
	nolint    bool // honour //nolint comments for the linters the suite replaces
	nolintOwn bool // and bare //nolint, nolint:all, nolint:dbpoollint
}

const (
	flagNolint    = "honor-nolint"
	flagNolintOwn = "honor-own-nolint"
)

var setType = reflect.TypeFor[*Set]()

// newDirectives returns an analyzer computing a package's [*Set] with the
// settings of its flags. It parses nothing until a finding is reported (or
// the directive analyzer asks), so a clean package pays nothing; it declares
// no facts and reports nothing.
func newDirectives() *analysis.Analyzer {
	opts := &options{}
	a := &analysis.Analyzer{
		Name:       "dbpoollintdirectives",
		Doc:        "collect a package's //dbpoollint:ignore directives and //nolint comments, and record which directives suppress a finding",
		URL:        analyzerdoc.PageURL(Name),
		ResultType: setType,
		Run: func(pass *analysis.Pass) (any, error) {
			return newSet(pass, *opts), nil
		},
	}
	a.Flags.BoolVar(&opts.nolint, flagNolint, true,
		"honour golangci-lint //nolint comments on the suite's findings: bare, all, dbpoollint, and those for the linters it replaces (sqlclosecheck, rowserrcheck, noctx) on their matching categories")
	a.Flags.BoolVar(&opts.nolintOwn, flagNolintOwn, true,
		"with honor-nolint, also honour //nolint naming every linter or dbpoollint (golangci-lint handles those itself)")
	return a
}

// Directives computes a package's [*Set] with the default settings, for an
// analyzer used outside the suite. The suite's analyzers share their suite's
// own set analyzer, [DirectivesOf] its directive analyzer, whose flags the
// suite's settings reach.
var Directives = newDirectives()

// DirectivesOf returns the directive set analyzer that the directive
// analyzer a (from [NewAnalyzer]) requires: the suite adds it to the
// requirements of every analyzer it judges.
func DirectivesOf(a *analysis.Analyzer) *analysis.Analyzer {
	for _, req := range a.Requires {
		if req.ResultType == setType {
			return req
		}
	}
	return nil
}

// LeaveOwnNolintToGolangciLint makes the suite of a (any analyzer of a
// suite, or its directive analyzer) leave bare //nolint, //nolint:all and
// //nolint:dbpoollint to golangci-lint. The plugin runs so: golangci-lint
// applies them itself, and counts them as used (for nolintlint) only when a
// finding reaches it.
func LeaveOwnNolintToGolangciLint(a *analysis.Analyzer) {
	if d := DirectivesOf(a); d != nil {
		_ = d.Flags.Set(flagNolintOwn, "false")
	}
}

func newSet(pass *analysis.Pass, opts options) *Set {
	return &Set{
		fset: pass.Fset, files: pass.Files, opts: opts,
		byFile:  make(map[*token.File][]*directive),
		nolints: make(map[*token.File][]nolintRange),
	}
}

// setOf returns the directive set among a pass's results, if its analyzer
// requires one.
func setOf(pass *analysis.Pass) (*Set, bool) {
	for req, res := range pass.ResultOf {
		if req.ResultType == setType {
			s, ok := res.(*Set)
			return s, ok
		}
	}
	return nil, false
}

// fileOf returns the syntax of tf.
func (s *Set) fileOf(tf *token.File) *ast.File {
	for _, f := range s.files {
		if s.fset.File(f.FileStart) == tf {
			return f
		}
	}
	return nil
}

// inFile returns the directives of tf; s.mu must be held.
func (s *Set) inFile(tf *token.File) []*directive {
	ds, ok := s.byFile[tf]
	if !ok {
		if f := s.fileOf(tf); f != nil {
			ds = directives(s.fset, f)
		}
		s.byFile[tf] = ds
	}
	return ds
}

// nolintsIn returns the //nolint ranges of tf; s.mu must be held.
func (s *Set) nolintsIn(tf *token.File) []nolintRange {
	rs, ok := s.nolints[tf]
	if !ok {
		if f := s.fileOf(tf); f != nil {
			rs = nolintRanges(s.fset, f)
		}
		s.nolints[tf] = rs
	}
	return rs
}

// suppress reports whether a directive naming the analyzer covers pos, and
// marks every such directive used by it; or else whether a //nolint the
// settings honour covers a finding of the analyzer with the category there.
func (s *Set) suppress(name, category string, pos token.Pos) bool {
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
	if found || !s.opts.nolint {
		return found
	}
	for _, r := range s.nolintsIn(tf) {
		if r.from <= line && line <= r.to && honours(r.linters, name, category, s.opts.nolintOwn) {
			return true
		}
	}
	return false
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
// above, when a //nolint the suite honours covers it (see nolint.go), and
// when it is in a generated file (see package scope). A diagnostic kept
// without a URL gets its category's section of the analyzer's page
// ([analyzerdoc.CategoryURL]). When the analyzer requires a directive set
// analyzer, the package's [Set] is used and records the suppression;
// otherwise each file is scanned for directives when a diagnostic is first
// reported in it. Either way, a clean package pays nothing.
func Wrap(run func(*analysis.Pass) (any, error)) func(*analysis.Pass) (any, error) {
	return func(pass *analysis.Pass) (any, error) {
		set, ok := setOf(pass)
		if !ok {
			set = newSet(pass, options{nolint: true, nolintOwn: true})
		}
		filtered := *pass
		report := pass.Report
		name := pass.Analyzer.Name
		pkg, _ := pass.ResultOf[scope.Analyzer].(*scope.Package)
		filtered.Report = func(d analysis.Diagnostic) {
			if pkg != nil && pkg.Generated(d.Pos) {
				return // the suite reports nothing in generated files (package scope)
			}
			if set.suppress(name, d.Category, d.Pos) {
				return
			}
			if d.URL == "" {
				d.URL = analyzerdoc.CategoryURL(name, d.Category)
			}
			report(d)
		}
		return run(&filtered)
	}
}
