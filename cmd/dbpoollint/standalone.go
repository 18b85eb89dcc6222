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
	exitFindings = 3 // findings reported as text
)

// standalone runs the suite on the packages the arguments name and returns
// the exit status.
func standalone(args []string) int {
	as := dbpoollint.Analyzers()
	f := newFlags(as)
	f.fs.SetOutput(io.Discard)
	if err := f.fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			help(os.Stdout, f, as, nil)
			return exitClean
		}
		log.Printf("%v\nRun 'dbpoollint help' for usage.", err)
		return exitUsage
	}
	rest := f.fs.Args()
	if len(rest) > 0 && rest[0] == "help" {
		if !help(os.Stdout, f, as, rest[1:]) {
			return exitUsage
		}
		return exitClean
	}
	if len(rest) == 0 {
		fmt.Fprint(os.Stderr, "usage: dbpoollint [flags] packages\nRun 'dbpoollint help' for the analyzers and flags.\n")
		return exitUsage
	}
	if f.diff {
		f.fix = true
	}
	if f.sarif && (f.json || f.fix) {
		log.Print("-sarif cannot be combined with -json or -fix")
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
	stop, err := f.startProfiles()
	if err != nil {
		log.Print(err)
		return exitFailure
	}
	defer stop()
	if f.fix {
		return fix(f, roots, rest)
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
	switch {
	case f.json:
		if err := res.graph.PrintJSON(os.Stdout); err != nil {
			log.Print(err)
			return exitFailure
		}
	case f.sarif:
		if err := writeSARIF(os.Stdout, res, roots); err != nil {
			log.Print(err)
			return exitFailure
		}
	default:
		if err := res.graph.PrintText(os.Stderr, f.context); err != nil {
			log.Print(err)
			return exitFailure
		}
		if code == exitClean && res.findings() > 0 {
			code = exitFindings
		}
	}
	if f.has('t') {
		printTimes(res.graph)
	}
	return code
}

// outcome is what one load and analysis gave.
type outcome struct {
	graph    *checker.Graph // nil if nothing could be analyzed
	failed   bool           // a package did not load, or an analyzer failed
	problems []string       // the load errors and analyzer failures, as printed
}

// findings returns the number of findings of the root actions.
func (r *outcome) findings() int {
	n := 0
	for act := range r.graph.All() {
		if act.IsRoot && act.Err == nil {
			n += len(act.Diagnostics)
		}
	}
	return n
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
	// A package that does not compile is reported once, with its errors,
	// and not analyzed: the suite's analyzers need complete types.
	var ok []*packages.Package
	for _, e := range loadErrors(pkgs) {
		fmt.Fprintln(os.Stderr, e)
		res.problems = append(res.problems, e)
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

// loadErrors returns the errors of the packages and their dependencies,
// each once: a file's error is reported by the package and by its test
// variant, and go list repeats the type checker's errors as the compiler's
// output ("# pkg" then the errors).
func loadErrors(pkgs []*packages.Package) []string {
	var errs []string
	seen := make(map[string]bool)
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		typeErrors := slices.ContainsFunc(p.Errors, func(e packages.Error) bool { return e.Kind == packages.TypeError })
		for _, e := range p.Errors {
			if typeErrors && e.Kind == packages.ListError && strings.HasPrefix(e.Msg, "# ") {
				continue
			}
			if s := e.Error(); !seen[s] {
				seen[s] = true
				errs = append(errs, s)
			}
		}
	})
	return errs
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
