package ignore

import (
	"fmt"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/dbpoollint/dbpoollint/internal/scope"
)

// Name is the name of the directive analyzer.
const Name = "ignoredirective"

// Category of the directive analyzer's diagnostics.
const Category = "bad-ignore-directive"

const doc = `report //dbpoollint:ignore directives without a reason or naming no analyzer of the suite

A finding of the suite is suppressed by a comment on its line, or on the line
above:

	//dbpoollint:ignore maxopenzero the pool is limited by pgbouncer in front of it
	db.SetMaxOpenConns(0)

The directive names one or more analyzers, separated by commas, then says why.
A directive without a reason is reported (it still suppresses), and so is one
naming an analyzer the suite does not have (a typo would silently suppress
nothing).`

// NewAnalyzer returns the analyzer that checks directives against the names
// of the suite's analyzers.
func NewAnalyzer(known []string) *analysis.Analyzer {
	known = slices.Clone(known)
	known = append(known, Name)
	slices.Sort(known)
	return &analysis.Analyzer{
		Name:     Name,
		Doc:      doc,
		URL:      "https://github.com/dbpoollint/dbpoollint#suppressing-a-finding",
		Requires: []*analysis.Analyzer{scope.Analyzer},
		Run: func(pass *analysis.Pass) (any, error) {
			if !scope.Of(pass).Reaches {
				return nil, nil
			}
			for _, f := range pass.Files {
				for _, d := range directives(pass.Fset, f) {
					check(pass, d, known)
				}
			}
			return nil, nil
		},
	}
}

func check(pass *analysis.Pass, d directive, known []string) {
	if len(d.names) == 0 {
		pass.Report(analysis.Diagnostic{
			Pos:      d.pos,
			Category: Category,
			Message:  fmt.Sprintf("dbpoollint:ignore directive names no analyzer: write %s <analyzer>[,<analyzer>] <reason> (analyzers: %s)", Prefix, strings.Join(known, ", ")),
		})
		return
	}
	for _, n := range d.names {
		if _, found := slices.BinarySearch(known, n); !found {
			pass.Report(analysis.Diagnostic{
				Pos:      d.pos,
				Category: Category,
				Message:  fmt.Sprintf("dbpoollint:ignore directive names unknown analyzer %q, so it suppresses nothing (analyzers: %s)", n, strings.Join(known, ", ")),
			})
		}
	}
	if d.reason == "" {
		pass.Report(analysis.Diagnostic{
			Pos:      d.pos,
			Category: Category,
			Message:  "dbpoollint:ignore directive gives no reason: say after the analyzer names why the finding does not apply",
		})
	}
}
