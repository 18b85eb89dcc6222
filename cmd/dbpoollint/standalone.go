package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
	"slices"
	"strings"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/dbpoollint/dbpoollint"
)

// Exit statuses of the standalone driver.
const (
	exitClean    = 0 // no finding (or -json, -sarif)
	exitFailure  = 1 // a package did not load, or an analyzer failed
	exitUsage    = 2 // bad command line
	exitFindings = 3 // findings reported as text, or with -set-exit-status
)

// standalone runs the suite on the packages the arguments name and returns
// the exit status.
func standalone(args []string) int {
	as := dbpoollint.Analyzers()
	f := newFlags(as)
	f.fs.SetOutput(io.Discard)
	if err := f.fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			help(os.Stdout, os.Stderr, f, as, nil)
			return exitClean
		}
		log.Printf("%v\nRun 'dbpoollint help' for usage.", err)
		return exitUsage
	}
	rest := f.fs.Args()
	if len(rest) > 0 && rest[0] == "help" {
		if !help(os.Stdout, os.Stderr, f, as, rest[1:]) {
			return exitUsage
		}
		return exitClean
	}
	if len(rest) == 0 {
		fmt.Fprint(os.Stderr, "usage: dbpoollint [flags] packages\nRun 'dbpoollint help' for the analyzers and flags.\n")
		return exitUsage
	}
	// The configuration file's settings are flags before the command
	// line's, which so win.
	conf, err := f.loadConfig()
	if err != nil {
		log.Print(err)
		return exitUsage
	}
	if conf != nil {
		as = dbpoollint.Analyzers()
		f = newFlags(as)
		f.fs.SetOutput(io.Discard)
		if err := f.fs.Parse(append(slices.Clone(conf.args), args...)); err != nil {
			log.Printf("%v\nRun 'dbpoollint help' for usage.", err)
			return exitUsage
		}
		if f.baseline == "" {
			f.baseline = conf.baseline
		}
	}
	if f.diff {
		f.fix = true
	}
	if f.sarif && (f.json || f.fix) {
		log.Print("-sarif cannot be combined with -json or -fix")
		return exitUsage
	}
	if f.baselineWrite && (f.baseline == "" || f.fix) {
		log.Print("-baseline-write needs -baseline FILE (or \"baseline\" in " + configName + ") and cannot be combined with -fix")
		return exitUsage
	}
	dbpoollint.JudgeOnly(as, f.enabled)
	var roots []*analysis.Analyzer
	for _, a := range as {
		if f.enabled(a.Name) {
			roots = append(roots, a)
		}
	}
	if len(roots) == 0 {
		log.Print("no analyzer enabled")
		return exitUsage
	}
	dropExcluded(as, conf)
	stop, err := f.startProfiles()
	if err != nil {
		log.Print(err)
		return exitFailure
	}
	defer stop()
	if f.fix {
		return fix(f, conf, roots, rest)
	}
	text := !f.json && !f.sarif
	named(roots, func() bool { return text })
	res := analyze(f, roots, rest)
	if res.graph == nil {
		return exitFailure
	}
	code := exitClean
	if res.failed {
		code = exitFailure
	}
	findings := res.collect()
	if f.baselineWrite {
		if err := writeBaseline(f.baseline, findings); err != nil {
			log.Print(err)
			return exitFailure
		}
		log.Printf("wrote %s to %s", plural(len(findings), "finding"), f.baseline)
		return code
	}
	if f.baseline != "" {
		fresh, known, err := applyBaseline(f.baseline, findings)
		if err != nil {
			log.Print(err)
			return exitUsage
		}
		findings = fresh
		if f.has('v') {
			log.Printf("%s of %s not reported", plural(known, "finding"), f.baseline)
		}
	}
	switch {
	case f.json:
		err = printJSON(os.Stdout, res, findings)
	case f.sarif:
		err = writeSARIF(os.Stdout, res, roots, findings)
	default:
		// The analyzers' failures on stderr, the findings on stdout (as
		// staticcheck and golangci-lint print them).
		for act := range res.graph.All() {
			if act.Err != nil {
				fmt.Fprintf(os.Stderr, "%s: %v\n", act.Analyzer.Name, act.Err)
			}
		}
		err = printText(os.Stdout, findings, f.context)
	}
	if err != nil {
		log.Print(err)
		return exitFailure
	}
	if code == exitClean && len(findings) > 0 && (text || f.setExitStatus) {
		code = exitFindings
	}
	if f.has('t') {
		printTimes(res.graph)
	}
	return code
}

// loadConfig returns the configuration file -config names, or the one
// found from the working directory up, or nil.
func (f *flags) loadConfig() (*config, error) {
	file := f.config
	switch file {
	case "none":
		return nil, nil
	case "":
		wd, err := os.Getwd()
		if err != nil {
			return nil, err
		}
		if file = findConfig(wd); file == "" {
			return nil, nil
		}
	}
	return loadConfig(file)
}

// outcome is what one load and analysis gave.
type outcome struct {
	graph    *checker.Graph // nil if nothing could be analyzed
	failed   bool           // a package did not load, or an analyzer failed
	problems []string       // the load errors and analyzer failures, as printed
}

// analyze loads the packages, prints their errors once each, and runs the
// analyzers on those that compile.
func analyze(f *flags, analyzers []*analysis.Analyzer, patterns []string) *outcome {
	res := new(outcome)
	cfg := &packages.Config{
		Mode:  packages.LoadSyntax | packages.NeedModule,
		Tests: f.tests,
	}
	if f.tags != "" {
		cfg.BuildFlags = []string{"-tags=" + f.tags}
	}
	if f.has('v') {
		log.Printf("load %s", patterns)
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err == nil && len(pkgs) == 0 {
		err = fmt.Errorf("%s matched no packages", strings.Join(patterns, " "))
	}
	if err != nil {
		log.Print(err)
		res.failed = true
		res.problems = append(res.problems, err.Error())
		return res
	}
	// A package that does not compile is reported briefly, and not
	// analyzed: the suite's analyzers need complete types.
	var ok []*packages.Package
	for _, e := range loadProblems(pkgs) {
		fmt.Fprintln(os.Stderr, e)
		res.problems = append(res.problems, strings.TrimPrefix(e, "dbpoollint: "))
		res.failed = true
	}
	for _, p := range pkgs {
		if !p.IllTyped && len(p.Errors) == 0 {
			ok = append(ok, p)
		}
	}
	opts := &checker.Options{Sequential: f.has('p'), SanityCheck: f.has('s')}
	if f.has('f') {
		opts.FactLog = os.Stderr
	}
	graph, err := checker.Analyze(analyzers, ok, opts)
	if err != nil {
		log.Print(err)
		res.failed = true
		res.problems = append(res.problems, err.Error())
		return res
	}
	res.graph = graph
	for act := range graph.All() {
		if act.Err != nil {
			res.failed = true
			if f.sarif || f.json {
				// Text output prints them itself.
				res.problems = append(res.problems, act.String()+": "+act.Err.Error())
			}
		}
	}
	return res
}

// startProfiles starts the profiles and the trace the flags ask for, and
// returns the function that writes them.
func (f *flags) startProfiles() (stop func(), err error) {
	var stops []func()
	stop = func() {
		for _, s := range slices.Backward(stops) {
			s()
		}
	}
	if f.cpuprofile != "" {
		out, err := os.Create(f.cpuprofile)
		if err != nil {
			return stop, err
		}
		if err := pprof.StartCPUProfile(out); err != nil {
			return stop, err
		}
		stops = append(stops, func() { pprof.StopCPUProfile(); out.Close() })
	}
	if f.trace != "" {
		out, err := os.Create(f.trace)
		if err != nil {
			return stop, err
		}
		if err := trace.Start(out); err != nil {
			return stop, err
		}
		stops = append(stops, func() { trace.Stop(); out.Close() })
	}
	if f.memprofile != "" {
		out, err := os.Create(f.memprofile)
		if err != nil {
			return stop, err
		}
		stops = append(stops, func() {
			runtime.GC()
			if err := pprof.WriteHeapProfile(out); err != nil {
				log.Print(err)
			}
			out.Close()
		})
	}
	return stop, nil
}

// printTimes prints the actions that took 90% of the analysis time
// (-debug=t).
func printTimes(graph *checker.Graph) {
	var list []*checker.Action
	var total time.Duration
	for act := range graph.All() {
		list = append(list, act)
		total += act.Duration
	}
	slices.SortFunc(list, func(a, b *checker.Action) int { return int(b.Duration - a.Duration) })
	var sum time.Duration
	for _, act := range list {
		fmt.Fprintf(os.Stderr, "%s\t%s\n", act.Duration, act)
		sum += act.Duration
		if sum >= total*9/10 {
			break
		}
	}
	if total > sum {
		fmt.Fprintf(os.Stderr, "%s\tall others\n", total-sum)
	}
}
