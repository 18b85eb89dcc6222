// Command noop is the floor of the benchmark: a multichecker whose only
// analyzer does nothing, so its cost is the driver's: loading and
// type-checking the target packages.
package main

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/multichecker"
)

var analyzer = &analysis.Analyzer{
	Name: "noop",
	Doc:  "noop: does nothing (the benchmark floor: load and type-check only)",
	Run:  func(*analysis.Pass) (any, error) { return nil, nil },
}

func main() { multichecker.Main(analyzer) }
