package main

import (
	"flag"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// flags are the standalone driver's command line: the flags of x/tools'
// multichecker (which go vet and go fix hand over unchanged), with -tags
// made to work and -sarif added.
type flags struct {
	fs     *flag.FlagSet
	enable map[string]*triState // -<analyzer>

	json, sarif, fix, diff bool
	setExitStatus          bool
	config                 string
	baseline               string
	baselineWrite          bool
	context                int
	tests                  bool
	tags                   string
	debug                  string
	cpuprofile, memprofile string
	trace                  string
}

// newFlags defines the flags for the analyzers as: -<analyzer> to run only
// the named ones (or =false to run all others), -<analyzer>.<option> for
// their options, and the driver's own.
func newFlags(as []*analysis.Analyzer) *flags {
	f := &flags{fs: flag.NewFlagSet("dbpoollint", flag.ContinueOnError), enable: make(map[string]*triState)}
	fs := f.fs
	for _, a := range as {
		ts := new(triState)
		f.enable[a.Name] = ts
		fs.Var(ts, a.Name, "run the "+a.Name+" analyzer (only the analyzers named so, or, with =false, all but those)")
		a.Flags.VisitAll(func(af *flag.Flag) {
			fs.Var(af.Value, a.Name+"."+af.Name, af.Usage)
		})
	}
	fs.BoolVar(&f.json, "json", false, "print the findings as JSON, by package and analyzer, on standard output (exit status 0 unless a package fails to load)")
	fs.BoolVar(&f.sarif, "sarif", false, "print the findings as SARIF 2.1.0 on standard output, one rule per analyzer (exit status 0 unless a package fails to load)")
	fs.BoolVar(&f.fix, "fix", false, "apply the suggested fixes, then print the findings that remain")
	fs.BoolVar(&f.diff, "diff", false, "with -fix (implied), print the fixes as a unified diff instead of applying them")
	fs.BoolVar(&f.setExitStatus, "set-exit-status", false, "exit with status 3 on findings in any output, -json and -sarif included")
	fs.StringVar(&f.config, "config", "", `the configuration file (default: the first `+configName+` found from the working directory up to the module's root; "none": no file)`)
	fs.StringVar(&f.baseline, "baseline", "", "report only the findings this baseline file (written by -baseline-write) does not list")
	fs.BoolVar(&f.baselineWrite, "baseline-write", false, "write today's findings to the -baseline file, and report none")
	fs.IntVar(&f.context, "c", -1, "print the offending line with this many lines of context")
	fs.BoolVar(&f.tests, "test", true, "also analyze the packages' test files")
	fs.StringVar(&f.tags, "tags", "", "comma-separated build tags, as go build -tags")
	fs.StringVar(&f.debug, "debug", "", `debug flags, any subset of "fpstv" (facts, no parallelism, sanity checks, timing, verbose)`)
	fs.StringVar(&f.cpuprofile, "cpuprofile", "", "write a CPU profile to this file")
	fs.StringVar(&f.memprofile, "memprofile", "", "write a memory profile to this file")
	fs.StringVar(&f.trace, "trace", "", "write an execution trace to this file")
	// Handled before the flags are parsed (main), listed for help.
	fs.Bool("V", false, "print the version and exit (also --version, or dbpoollint version; -V=full: the line go vet reads)")
	// Accepted as multichecker accepts them, for scripts written for go vet.
	fs.Bool("flags", false, "print the analyzer flags as JSON (for go vet)")
	fs.Bool("source", false, "no effect (deprecated)")
	fs.Bool("all", false, "no effect (deprecated)")
	fs.Func("v", "verbose: the same as -debug=v", func(string) error {
		f.debug += "v"
		return nil
	})
	boolFunc(fs, "v")
	return f
}

// hidden are the flags help does not list: those accepted for go vet's
// sake, and the developers' (profiles, trace, debug).
var hidden = map[string]bool{
	"flags": true, "source": true, "all": true, "v": true,
	"cpuprofile": true, "memprofile": true, "trace": true, "debug": true,
}

// boolFunc makes the Func flag name take no value, as a bool flag.
func boolFunc(fs *flag.FlagSet, name string) {
	fl := fs.Lookup(name)
	fl.Value = boolValue{fl.Value}
}

type boolValue struct{ flag.Value }

func (boolValue) IsBoolFlag() bool { return true }

// enabled reports whether the named analyzer runs: if any -<analyzer> flag
// is true, only those do; otherwise all but those set to false. (The rule
// of x/tools' multichecker.)
func (f *flags) enabled(name string) bool {
	anyTrue := false
	for _, ts := range f.enable {
		anyTrue = anyTrue || *ts == setTrue
	}
	ts := f.enable[name]
	if ts == nil {
		return false
	}
	if anyTrue {
		return *ts == setTrue
	}
	return *ts != setFalse
}

// has reports whether the debug flags include c.
func (f *flags) has(c byte) bool { return strings.IndexByte(f.debug, c) >= 0 }

// A triState is a bool flag that knows whether it was set.
type triState int

const (
	unset triState = iota
	setTrue
	setFalse
)

func (ts *triState) Set(s string) error {
	b, err := strconv.ParseBool(s)
	if err != nil {
		return err
	}
	*ts = setFalse
	if b {
		*ts = setTrue
	}
	return nil
}

func (ts *triState) String() string {
	if ts != nil && *ts == setFalse {
		return "false"
	}
	return "true"
}

func (*triState) IsBoolFlag() bool { return true }
