// Command sqlclosecheck runs github.com/ryanrolds/sqlclosecheck (the version
// pinned in bench/go.mod) as a standalone checker built against the same
// x/tools as dbpoollint. NewAnalyzer is the defer-only mode, the one its own
// main and golangci-lint use.
package main

import (
	"github.com/ryanrolds/sqlclosecheck/pkg/analyzer"
	"golang.org/x/tools/go/analysis/singlechecker"
)

func main() { singlechecker.Main(analyzer.NewAnalyzer()) }
