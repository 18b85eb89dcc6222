package ignore

import (
	"fmt"
	"go/ast"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/tools/go/analysis"

	"github.com/dbpoollint/dbpoollint/internal/analyzerdoc"
	"github.com/dbpoollint/dbpoollint/internal/scope"
)

// Name is the name of the directive analyzer.
const Name = "ignoredirective"

// Categories of the directive analyzer's diagnostics.
const (
	// Category: a directive without a reason or naming no analyzer of the
	// suite, or a comment that looks like a directive and is not one.
	Category = "bad-ignore-directive"
	// CategoryUnused: a directive that suppressed no finding of an analyzer
	// it names.
	CategoryUnused = "unused-ignore-directive"
)

const doc = `report //dbpoollint:ignore directives that suppress nothing, give no reason, or only look like one

A finding of the suite is suppressed by a comment on its line, or on the line
above:

	//dbpoollint:ignore maxopenzero the pool is limited by pgbouncer in front of it
	db.SetMaxOpenConns(0)

The directive names one or more analyzers, separated by commas, then says why.
The analyzer reports:

  - a directive that suppressed no finding of an analyzer it names, among
    the analyzers that ran (a directive naming an analyzer turned off is
    not judged): the code changed, or the directive is on the wrong line;
  - a directive without a reason (it still suppresses);
  - a directive naming an analyzer the suite does not have (a typo would
    silently suppress nothing);
  - a comment that looks like a directive and is not one: "// dbpoollint:ignore"
    with a space after the slashes, or a /* block */ comment. Like every Go
    directive, it is written //dbpoollint:ignore with no space.

Only packages that the suite analyzes (those that reach database/sql or a
driver it knows) are checked.

golangci-lint //nolint comments written for the linters the suite replaces
suppress its matching findings in every mode: //nolint:sqlclosecheck
(rowsclose's rows-not-closed, rows-drained-only, query-result-discarded and
connleak's stmt-not-closed), //nolint:rowserrcheck (rowsclose's
rows-err-unchecked and sqlrowserr), //nolint:noctx (ctxquery's
missing-context); a bare //nolint, //nolint:all or //nolint:dbpoollint
suppresses every finding, as under golangci-lint. -honor-nolint=false turns
this off. //nolint comments are not judged: that is nolintlint's job.`

// NewAnalyzer returns the directive analyzer. known are the names of the
// suite's analyzers. It judges whether directives were used for exactly the
// analyzers it requires besides the scope gate and [Directives]: require the
// enabled analyzers of the suite, so that it runs after them and a disabled
// one (which does not run) does not make its directives look unused.
func NewAnalyzer(known []string, judged ...*analysis.Analyzer) *analysis.Analyzer {
	known = slices.Clone(known)
	known = append(known, Name)
	slices.Sort(known)
	var allowUnused bool
	set := newDirectives()
	a := &analysis.Analyzer{
		Name:     Name,
		Doc:      doc,
		URL:      analyzerdoc.PageURL(Name),
		Requires: append([]*analysis.Analyzer{scope.Analyzer, set}, judged...),
		Run: func(pass *analysis.Pass) (any, error) {
			if !scope.Of(pass).Reaches {
				return nil, nil
			}
			set, ok := setOf(pass)
			if !ok {
				return nil, nil
			}
			judge := make(map[string]bool)
			if !allowUnused {
				for _, req := range Judged(pass.Analyzer) {
					judge[req.Name] = true
				}
			}
			for _, f := range pass.Files {
				generated := ast.IsGenerated(f)
				for _, d := range set.all(f) {
					check(pass, d, known)
					if !generated {
						checkUsed(pass, d, judge)
					}
				}
				lookalikes(pass, f)
			}
			// The last analyzer of the suite on this package: what the
			// others shared for it can go.
			scope.Of(pass).Release()
			return nil, nil
		},
	}
	a.Flags.BoolVar(&allowUnused, "allow-unused", false,
		"do not report directives that suppress no finding")
	// The suite's setting for //nolint comments, shown as the directive
	// analyzer's: the suite's analyzers read it from the directive set.
	nolint := set.Flags.Lookup(flagNolint)
	a.Flags.Var(nolint.Value, nolint.Name, nolint.Usage)
	return a
}

// Judged returns the analyzers whose directives the directive analyzer a
// judges.
func Judged(a *analysis.Analyzer) []*analysis.Analyzer {
	var judged []*analysis.Analyzer
	for _, req := range a.Requires {
		if req != scope.Analyzer && req.ResultType != setType {
			judged = append(judged, req)
		}
	}
	return judged
}

// JudgeOnly makes the directive analyzer a (from [NewAnalyzer]) judge, and
// require, only the given analyzers.
func JudgeOnly(a *analysis.Analyzer, judged []*analysis.Analyzer) {
	a.Requires = append([]*analysis.Analyzer{scope.Analyzer, DirectivesOf(a)}, judged...)
}

// unknownAnalyzer is the message for a directive naming name, which is not
// among the known analyzers: the closest known name when the difference
// looks like a typo, else where the names are listed (the list itself would
// take the message past 160 characters).
func unknownAnalyzer(name string, known []string) string {
	shown := name
	if len(shown) > 30 {
		shown = shown[:27] + "..."
	}
	best, dist := "", 3 // a typo: at most 2 edits
	for _, k := range known {
		if d := editDistance(name, k); d < dist {
			best, dist = k, d
		}
	}
	if best != "" {
		return fmt.Sprintf("dbpoollint:ignore directive names unknown analyzer %q, so it suppresses nothing: did you mean %s?", shown, best)
	}
	return fmt.Sprintf("dbpoollint:ignore directive names unknown analyzer %q, so it suppresses nothing; dbpoollint help lists the analyzers", shown)
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

func check(pass *analysis.Pass, d *directive, known []string) {
	if len(d.names) == 0 {
		pass.Report(analysis.Diagnostic{
			Pos:      d.pos,
			End:      d.end,
			Category: Category,
			URL:      analyzerdoc.CategoryURL(Name, Category),
			Message:  fmt.Sprintf("dbpoollint:ignore directive names no analyzer: write %s <analyzer>[,<analyzer>] <reason>; dbpoollint help lists the analyzers", Prefix),
		})
		return
	}
	for _, n := range d.names {
		if _, found := slices.BinarySearch(known, n); !found {
			pass.Report(analysis.Diagnostic{
				Pos:      d.pos,
				End:      d.end,
				Category: Category,
				URL:      analyzerdoc.CategoryURL(Name, Category),
				Message:  unknownAnalyzer(n, known),
			})
		}
	}
	if d.reason == "" {
		pass.Report(analysis.Diagnostic{
			Pos:      d.pos,
			End:      d.end,
			Category: Category,
			URL:      analyzerdoc.CategoryURL(Name, Category),
			Message:  "dbpoollint:ignore directive gives no reason: say after the analyzer names why the finding does not apply",
		})
	}
}

// checkUsed reports each judged analyzer the directive names that it
// suppressed no finding of.
func checkUsed(pass *analysis.Pass, d *directive, judge map[string]bool) {
	for _, n := range d.names {
		if !judge[n] || d.used[n] {
			continue
		}
		remedy := "remove the directive"
		if len(d.names) > 1 {
			remedy = "remove " + n + " from it"
		}
		pass.Report(analysis.Diagnostic{
			Pos:      d.pos,
			End:      d.end,
			Category: CategoryUnused,
			URL:      analyzerdoc.CategoryURL(Name, CategoryUnused),
			Message:  fmt.Sprintf("dbpoollint:ignore directive suppresses no %s finding on its line or the next: %s", n, remedy),
		})
	}
}

// lookalikes reports comments that read as a directive but are not one:
// "// dbpoollint:ignore" (a space after the slashes) and block comments.
func lookalikes(pass *analysis.Pass, f *ast.File) {
	const word = "dbpoollint:ignore"
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			var rest, form string
			if text, ok := strings.CutPrefix(c.Text, "//"); ok {
				rest = strings.TrimLeftFunc(text, unicode.IsSpace)
				if rest == text {
					continue // //dbpoollint:ignore is the directive, or another word
				}
				form = "// dbpoollint:ignore, with a space after the slashes,"
			} else {
				rest = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(c.Text, "/*"), "*/"))
				form = "a /* dbpoollint:ignore */ block comment"
			}
			after, ok := strings.CutPrefix(rest, word)
			if !ok || (after != "" && !unicode.IsSpace(rune(after[0]))) {
				continue
			}
			pass.Report(analysis.Diagnostic{
				Pos:      c.Slash,
				End:      c.End(),
				Category: Category,
				URL:      analyzerdoc.CategoryURL(Name, Category),
				Message:  fmt.Sprintf("%s is not a directive and suppresses nothing: write %s, with no space", form, Prefix),
			})
		}
	}
}
