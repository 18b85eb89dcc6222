// Command dbpoollint runs the dbpoollint suite: standalone, as a go vet tool
// and as a go fix tool.
//
//	dbpoollint ./...                                   # report; exit status 3 on findings
//	dbpoollint -json ./...                             # findings as JSON
//	dbpoollint -sarif ./... > dbpoollint.sarif         # findings as SARIF 2.1.0 (GitHub code scanning)
//	dbpoollint -fix ./...                              # apply suggested fixes (-diff to preview)
//	dbpoollint -maxopenzero=false ./...                # all analyzers but one
//	dbpoollint -maxopenzero.require-limit ./...        # an analyzer's option
//	dbpoollint -baseline FILE -baseline-write ./...    # record today's findings; -baseline FILE: only new ones
//	dbpoollint -json -set-exit-status ./...            # exit status 3 on findings in any output
//	go vet -vettool=$(command -v dbpoollint) ./...     # under go vet
//	go fix -fixtool=$(command -v dbpoollint) ./...     # apply fixes under go fix
//
// Run "dbpoollint help" for the analyzers and "dbpoollint help <name>" for
// one analyzer's documentation and flags.
//
// Standalone, the binary loads packages with go/packages and runs the suite
// with golang.org/x/tools/go/analysis/checker, printing on standard output
// text (sorted by file and line, each finding ending with the analyzer's
// name in parentheses), -json or -sarif, and errors on standard error. A
// .dbpoollint.json (config.go) configures it and go vet's road; a baseline
// (baseline.go) hides the findings a team accepted. Under go
// vet and go fix (a .cfg argument), and to apply -fix, it is x/tools'
// multichecker.
package main

import (
	"encoding/json"
	"flag"
	"io"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/dbpoollint/dbpoollint"
)

// fixerEnv, set to 1, makes the binary x/tools' multichecker: the standalone
// driver runs itself so to apply -fix (see fix.go).
const fixerEnv = "DBPOOLLINT_INTERNAL_FIXER"

// fixerConfigEnv names the configuration file for the fixer, which takes
// its excludes from it (the rest comes as flags).
const fixerConfigEnv = "DBPOOLLINT_INTERNAL_FIXER_CONFIG"

func main() {
	log.SetFlags(0)
	log.SetPrefix("dbpoollint: ")
	args := os.Args[1:]
	switch {
	case os.Getenv(fixerEnv) == "1":
		as := dbpoollint.Analyzers()
		if file := os.Getenv(fixerConfigEnv); file != "" {
			conf, err := loadConfig(file)
			if err != nil {
				log.Fatal(err)
			}
			dropExcluded(as, conf)
		}
		os.Unsetenv(fixerEnv)
		os.Unsetenv(fixerConfigEnv)
		multichecker.Main(as...)
	case versionFlag(args) != "":
		printVersion(versionFlag(args) == "full")
	case len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg"), len(args) == 1 && (args[0] == "-flags" || args[0] == "--flags"):
		unit(args)
	default:
		os.Exit(standalone(args))
	}
}

// unit runs the suite on one package for go vet or go fix (the .cfg file
// describes it), or prints the flags for them (-flags): x/tools'
// multichecker, with three changes.
func unit(args []string) {
	as := dbpoollint.Analyzers()
	if cfg := args[len(args)-1]; strings.HasSuffix(cfg, ".cfg") {
		if vetxOnly(cfg) {
			// A dependency of the packages being vetted: go vet asks only
			// for its types (and facts, which the suite has none of), so no
			// analyzer runs and their flags do not matter; dropping them
			// keeps a bad flag value from being reported once per
			// dependency.
			os.Args = []string{os.Args[0], cfg}
			args = nil
		} else if conf := unitConfig(cfg); conf != nil {
			// The configuration file of the package's module: its
			// settings go before go vet's flags, which so win.
			args = append(slices.Clone(conf.args), args...)
			os.Args = append([]string{os.Args[0]}, args...)
			dropExcluded(as, conf)
		}
	}
	// Analyzers turned off by flags are not judged by the directive
	// analyzer. The flags are parsed here on a throwaway suite to learn
	// which; multichecker parses them again, and reports their errors.
	scratch := dbpoollint.Analyzers()
	f := newFlags(scratch)
	f.fs.SetOutput(io.Discard)
	if len(args) > 0 && f.fs.Parse(args[:len(args)-1]) == nil {
		dbpoollint.JudgeOnly(as, f.enabled)
	}
	// Each finding says which analyzer spoke. go vet (Go 1.26) always asks
	// the tool for JSON and prints the text itself, without the analyzer,
	// so the name goes in the message, and go vet -json, which the tool
	// cannot tell apart, has it too.
	named(as, func() bool { return true })
	// A bad flag value is one line, not the error and the whole usage text
	// once per package.
	flag.Usage = func() {}
	multichecker.Main(as...)
}

// unitConfig returns the configuration file that applies to the package
// the go vet unit config describes: the first found from the package's
// directory up to its module's root. A file that does not load fails the
// package, in one line.
func unitConfig(cfg string) *config {
	data, err := os.ReadFile(cfg)
	if err != nil {
		return nil
	}
	var c struct {
		Dir     string
		GoFiles []string
	}
	if json.Unmarshal(data, &c) != nil {
		return nil
	}
	dir := c.Dir
	if dir == "" && len(c.GoFiles) > 0 {
		dir = filepath.Dir(c.GoFiles[0])
	}
	if dir == "" {
		return nil
	}
	file := findConfig(dir)
	if file == "" {
		return nil
	}
	conf, err := loadConfig(file)
	if err != nil {
		log.Fatal(err)
	}
	return conf
}

// vetxOnly reports whether the go vet unit config asks only for types and
// facts.
func vetxOnly(cfg string) bool {
	data, err := os.ReadFile(cfg)
	if err != nil {
		return false
	}
	var c struct{ VetxOnly bool }
	return json.Unmarshal(data, &c) == nil && c.VetxOnly
}

// named makes the suite's findings end with " (<analyzer>)" when text
// reports whether the output is text, as staticcheck ends its lines with
// the check's id: the name to write in //dbpoollint:ignore, -<analyzer>=false
// or golangci-lint's disable list. golangci-lint and gopls, which show the
// analyzer themselves, run the suite without it.
func named(as []*analysis.Analyzer, text func() bool) {
	for _, a := range as {
		run, suffix := a.Run, " ("+a.Name+")"
		a.Run = func(pass *analysis.Pass) (any, error) {
			if text() {
				report := pass.Report
				sub := *pass
				sub.Report = func(d analysis.Diagnostic) {
					d.Message += suffix
					report(d)
				}
				pass = &sub
			}
			return run(pass)
		}
	}
}
