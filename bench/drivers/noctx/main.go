// Command noctx runs github.com/sonatard/noctx (the version pinned in
// bench/go.mod) as a standalone checker built against the same x/tools as
// dbpoollint. Its own cmd/noctx is a unitchecker (go vet -vettool only).
package main

import (
	"github.com/sonatard/noctx"
	"golang.org/x/tools/go/analysis/singlechecker"
)

func main() { singlechecker.Main(noctx.Analyzer) }
