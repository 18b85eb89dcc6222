package ignore

import (
	"go/ast"
	"go/token"
	"regexp"
	"slices"
	"strings"
)

// Teams switching to the suite from sqlclosecheck, rowserrcheck or noctx
// have golangci-lint //nolint comments on the lines where they decided a
// finding does not apply. The suite honours them for its findings of the same
// kind, so the switch does not reopen settled decisions:
//
//	rows, err := db.Query(q) //nolint:sqlclosecheck // closed by the caller's cursor
//
// A //nolint comment covers what golangci-lint's covers: the lines of its
// comment group, and, when the comment sits alone above a statement or
// declaration at the same indentation, the whole of that node.
//
// Bare //nolint, //nolint:all and //nolint:dbpoollint name every linter, so
// under golangci-lint they suppress every finding of the suite; the suite
// honours them too, so that standalone, go vet and gopls agree with
// golangci-lint. Under golangci-lint itself the plugin leaves them to
// golangci-lint ([LeaveOwnNolintToGolangciLint]), which handles them already and
// whose nolintlint would otherwise see them as unused.

// nolintCovers says which findings of the suite a linter named in a //nolint
// comment covers: by analyzer, the categories (none: every finding of that
// analyzer). TestNolintCategoriesAreTheSuites checks the names against the
// analyzers' category constants.
var nolintCovers = map[string]map[string][]string{
	// sqlclosecheck: Rows and Stmt values that are not closed.
	"sqlclosecheck": {
		"rowsclose": {"rows-not-closed", "rows-drained-only", "query-result-discarded"},
		"connleak":  {"stmt-not-closed"},
	},
	// rowserrcheck: rows.Err not checked.
	"rowserrcheck": {
		"rowsclose":  {"rows-err-unchecked"},
		"sqlrowserr": nil,
	},
	// noctx: a database/sql call without a context.
	"noctx": {
		"ctxquery": {"missing-context"},
	},
}

// NolintLinters returns, for each linter name a //nolint comment may give
// that the suite honours, the analyzers it covers and their categories (nil:
// every category). Bare //nolint, nolint:all and nolint:dbpoollint cover every
// finding and are not listed.
func NolintLinters() map[string]map[string][]string {
	m := make(map[string]map[string][]string, len(nolintCovers))
	for l, byAnalyzer := range nolintCovers {
		m[l] = make(map[string][]string, len(byAnalyzer))
		for a, cats := range byAnalyzer {
			m[l][a] = slices.Clone(cats)
		}
	}
	return m
}

// ownLinterName is the suite's name under golangci-lint: //nolint:dbpoollint.
const ownLinterName = "dbpoollint"

// nolintRe is golangci-lint's test for a nolint comment, after the slashes
// and spaces are trimmed.
var nolintRe = regexp.MustCompile(`^nolint( |:|$)`)

// A nolintRange is the lines one //nolint comment covers.
type nolintRange struct {
	from, to int
	col      int      // the comment group's column, to match the node below it
	linters  []string // lowercase; nil: every linter
}

// parseNolint returns the linters a comment's //nolint names, as
// golangci-lint reads it: ok is false when it is no nolint comment, linters
// is nil when it names them all.
func parseNolint(text string) (linters []string, ok bool) {
	text = strings.TrimLeft(text, "/ ")
	if !nolintRe.MatchString(text) {
		return nil, false
	}
	if strings.HasPrefix(text, "nolint:all") || !strings.HasPrefix(text, "nolint:") {
		return nil, true
	}
	text, _, _ = strings.Cut(text, "//") // a reason may follow
	for item := range strings.SplitSeq(strings.TrimPrefix(text, "nolint:"), ",") {
		name := strings.ToLower(strings.TrimSpace(item))
		if name == "all" {
			return nil, true
		}
		linters = append(linters, name)
	}
	return linters, true
}

// nolintRanges returns the ranges of f's //nolint comments, each expanded as
// golangci-lint does to the statement or declaration that starts on the line
// after the comment, at the comment's column.
func nolintRanges(fset *token.FileSet, f *ast.File) []nolintRange {
	var rs []nolintRange
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			linters, ok := parseNolint(c.Text)
			if !ok {
				continue
			}
			start := fset.Position(cg.Pos())
			rs = append(rs, nolintRange{from: start.Line, to: fset.Position(cg.End()).Line, col: start.Column, linters: linters})
		}
	}
	if len(rs) == 0 {
		return nil
	}
	inline := len(rs)
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil {
			return true
		}
		start := fset.Position(n.Pos())
		for _, r := range rs[:inline] {
			if r.to == start.Line-1 && r.col == start.Column {
				if end := fset.Position(n.End()).Line; end > r.to {
					r.to = end
					rs = append(rs, r)
				}
				break
			}
		}
		return true
	})
	return rs
}

// honours reports whether a //nolint naming linters covers a finding of the
// analyzer with the category. own says whether a //nolint naming every
// linter, or the suite itself, counts.
func honours(linters []string, analyzer, category string, own bool) bool {
	if linters == nil {
		return own
	}
	for _, l := range linters {
		if l == ownLinterName {
			if own {
				return true
			}
			continue
		}
		cats, ok := nolintCovers[l][analyzer]
		if ok && (cats == nil || slices.Contains(cats, category)) {
			return true
		}
	}
	return false
}
