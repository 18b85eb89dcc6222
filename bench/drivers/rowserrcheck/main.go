// Command rowserrcheck runs github.com/jingyugao/rowserrcheck (the version
// pinned in bench/go.mod) as a standalone checker built against the same
// x/tools as dbpoollint, with its default settings (database/sql only), as
// its own main and golangci-lint run it.
package main

import (
	"github.com/jingyugao/rowserrcheck/passes/rowserr"
	"golang.org/x/tools/go/analysis/singlechecker"
)

func main() { singlechecker.Main(rowserr.NewAnalyzer()) }
