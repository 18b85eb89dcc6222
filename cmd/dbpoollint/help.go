package main

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

const intro = `dbpoollint finds the database/sql mistakes that take Go services down: an
unlimited pool, handles that pin pooled connections, queries no deadline can
cancel, DSNs assembled from values, and pools opened per request.

Usage:

  dbpoollint [flags] packages       report the findings; exit status 3 when there are some
  dbpoollint -fix [-diff] packages  apply the suggested fixes (-diff: print them instead)
  go vet -vettool=$(command -v dbpoollint) [flags] packages
  go fix -fixtool=$(command -v dbpoollint) packages
  dbpoollint help [analyzer]        this text, or an analyzer's documentation and options
  dbpoollint version                the version (also -V, --version)

Each finding is printed as "file:line:col: message (analyzer)" on standard
output; a directive //dbpoollint:ignore <analyzer> <reason> on its line or
the line above suppresses it. A .dbpoollint.json in the working directory or
a parent (up to the module's root) sets analyzers, options, excludes and the
baseline; flags win over it.
`

// title is the first paragraph of an analyzer's documentation, on one line.
func title(a *analysis.Analyzer) string {
	first, _, _ := strings.Cut(a.Doc, "\n\n")
	return strings.Join(strings.Fields(strings.TrimPrefix(first, a.Name+": ")), " ")
}

// help prints the command's help, or each named analyzer's, on w. It
// returns false, after saying so on errw, if an analyzer is unknown.
func help(w, errw io.Writer, f *flags, as []*analysis.Analyzer, names []string) bool {
	if len(names) == 0 {
		fmt.Fprint(w, intro)
		fmt.Fprintln(w, "\nAnalyzers (all run by default; -NAME runs only the analyzers so named, -NAME=false all but those):")
		fmt.Fprintln(w)
		width := 0
		for _, a := range as {
			width = max(width, len(a.Name))
		}
		sorted := slices.Clone(as)
		slices.SortFunc(sorted, func(a, b *analysis.Analyzer) int { return strings.Compare(a.Name, b.Name) })
		for _, a := range sorted {
			fmt.Fprintf(w, "  %-*s  %s\n", width, a.Name, title(a))
		}
		fmt.Fprintln(w, "\nFlags:")
		fmt.Fprintln(w)
		core := flag.NewFlagSet("", flag.ContinueOnError)
		f.fs.VisitAll(func(fl *flag.Flag) {
			if f.enable[fl.Name] == nil && !strings.Contains(fl.Name, ".") && !hidden[fl.Name] {
				core.Var(fl.Value, fl.Name, fl.Usage)
			}
		})
		core.SetOutput(w)
		core.PrintDefaults()
		fmt.Fprintln(w, "\nAn analyzer's options are flags -<analyzer>.<option>: 'dbpoollint help <analyzer>' lists them.")
		fmt.Fprintln(w, "Documentation: https://github.com/dbpoollint/dbpoollint")
		return true
	}
	byName := make(map[string]*analysis.Analyzer)
	var all []string
	for _, a := range as {
		byName[a.Name] = a
		all = append(all, a.Name)
	}
	for _, name := range names {
		if byName[name] == nil {
			fmt.Fprintf(errw, "dbpoollint: no analyzer %q (analyzers: %s)\n", name, strings.Join(all, ", "))
			return false
		}
	}
	for i, name := range names {
		if i > 0 {
			fmt.Fprintln(w)
		}
		a := byName[name]
		fmt.Fprintf(w, "%s: %s\n", a.Name, title(a))
		if _, body, ok := strings.Cut(a.Doc, "\n\n"); ok {
			fmt.Fprintf(w, "\n%s\n", strings.TrimSpace(body))
		}
		opts := flag.NewFlagSet("", flag.ContinueOnError)
		a.Flags.VisitAll(func(fl *flag.Flag) { opts.Var(fl.Value, a.Name+"."+fl.Name, fl.Usage) })
		if hasFlags(&a.Flags) {
			fmt.Fprintln(w, "\nOptions (golangci-lint: the same names under the analyzer's name in settings):")
			fmt.Fprintln(w)
			opts.SetOutput(w)
			opts.PrintDefaults()
		}
		if a.URL != "" {
			fmt.Fprintf(w, "\nDocumentation: %s\n", a.URL)
		}
	}
	return true
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}
