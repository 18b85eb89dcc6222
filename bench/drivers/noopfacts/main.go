// Command noopfacts is the floor with one declared fact type: its analyzer
// does nothing, but declaring FactTypes makes the driver load and
// type-check every dependency, the standard library included, from source
// instead of reading export data: the cost that keeps facts out of
// dbpoollint's default suite (bench/RESULTS.md, the floor-facts row).
package main

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/multichecker"
)

// unused is a fact type that is never exported.
type unused struct{}

func (*unused) AFact() {}

var analyzer = &analysis.Analyzer{
	Name:      "noopfacts",
	Doc:       "noopfacts: does nothing but declare one fact type",
	Run:       func(*analysis.Pass) (any, error) { return nil, nil },
	FactTypes: []analysis.Fact{new(unused)},
}

func main() { multichecker.Main(analyzer) }
