// Command dbpoollint runs the dbpoollint suite: standalone, as a go vet tool
// and as a go fix tool.
//
//	dbpoollint ./...                                   # report; exit status 3 on findings
//	dbpoollint -json ./...                             # findings as JSON
//	dbpoollint -fix ./...                              # apply suggested fixes (-diff to preview)
//	dbpoollint -maxopenzero=false ./...                # all analyzers but one
//	dbpoollint -maxopenzero.require-limit ./...        # an analyzer's option
//	go vet -vettool=$(command -v dbpoollint) ./...     # under go vet
//	go fix -fixtool=$(command -v dbpoollint) ./...     # apply fixes under go fix
//
// Run "dbpoollint help" for the analyzers and "dbpoollint help <name>" for
// one analyzer's documentation and flags.
package main

import (
	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/dbpoollint/dbpoollint"
)

func main() {
	multichecker.Main(dbpoollint.Analyzers()...)
}
