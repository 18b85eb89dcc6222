// Package ignore implements the suite's suppression directive,
//
//	//dbpoollint:ignore <analyzer>[,<analyzer>] <reason>
//
// written on the flagged line or on the line above it. The reason may follow
// "//", as in golangci-lint's //nolint:name // reason. It works in every
// mode (standalone, go vet, golangci-lint, gopls) because each analyzer filters
// its own diagnostics through [Wrap]. The directive analyzer built by
// [NewAnalyzer] reports directives that give no reason or name no analyzer of
// the suite.
package ignore

import (
	"go/ast"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/dbpoollint/dbpoollint/internal/scope"
)

// Prefix starts every directive.
const Prefix = "//dbpoollint:ignore"

// A directive is one parsed //dbpoollint:ignore comment.
type directive struct {
	pos    token.Pos
	line   int
	names  []string
	reason string
}

// parse returns the directive a comment holds, if any.
func parse(fset *token.FileSet, c *ast.Comment) (directive, bool) {
	rest, ok := strings.CutPrefix(c.Text, Prefix)
	if !ok || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
		return directive{}, false
	}
	d := directive{pos: c.Slash, line: fset.Position(c.Slash).Line}
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
func directives(fset *token.FileSet, f *ast.File) []directive {
	var ds []directive
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			if d, ok := parse(fset, c); ok {
				ds = append(ds, d)
			}
		}
	}
	return ds
}

// Wrap returns run with its pass's Report filtered: a diagnostic is dropped
// when a directive naming the pass's analyzer is on its line or the line
// above, and when it is in a generated file (see package scope). Files are scanned for directives only when a diagnostic is reported
// in them, so a clean package pays nothing.
func Wrap(run func(*analysis.Pass) (any, error)) func(*analysis.Pass) (any, error) {
	return func(pass *analysis.Pass) (any, error) {
		filtered := *pass
		report := pass.Report
		name := pass.Analyzer.Name
		byFile := make(map[*token.File]map[int]bool) // file -> suppressed lines
		pkg, _ := pass.ResultOf[scope.Analyzer].(*scope.Package)
		filtered.Report = func(d analysis.Diagnostic) {
			if pkg != nil && pkg.Generated(d.Pos) {
				return // the suite reports nothing in generated files (package scope)
			}
			tf := pass.Fset.File(d.Pos)
			if tf == nil {
				report(d)
				return
			}
			lines, ok := byFile[tf]
			if !ok {
				lines = suppressedLines(pass, tf, name)
				byFile[tf] = lines
			}
			if lines[tf.Line(d.Pos)] {
				return
			}
			report(d)
		}
		return run(&filtered)
	}
}

// suppressedLines returns the lines of tf on which diagnostics of the named
// analyzer are suppressed.
func suppressedLines(pass *analysis.Pass, tf *token.File, name string) map[int]bool {
	var lines map[int]bool
	for _, f := range pass.Files {
		if pass.Fset.File(f.FileStart) != tf {
			continue
		}
		for _, d := range directives(pass.Fset, f) {
			for _, n := range d.names {
				if n == name {
					if lines == nil {
						lines = make(map[int]bool)
					}
					lines[d.line] = true
					lines[d.line+1] = true
				}
			}
		}
	}
	return lines
}
