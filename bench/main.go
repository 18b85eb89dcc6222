// Command bench measures dbpoollint against the floor (a checker that only
// loads and type-checks) and against the peer linters (sqlclosecheck,
// rowserrcheck, noctx, unqueryvet) on a corpus of real public modules that
// use database/sql, checks that dbpoollint neither crashes nor wavers (standard
// library and corpus, two runs each), and prints a markdown report: the
// timing table and the raw findings table for triage.
//
//	cd bench && go run .                 # full run: corpus, std, 3 rounds
//	cd bench && go run . -smoke          # CI: github.com/jmoiron/sqlx, one round, no std
//	cd bench && go run . -update         # full run, then rewrite RESULTS.md (keeps verdicts)
//	cd bench && go run . -cpuprofile /tmp/dbpl.pprof   # + pprof -top of dbpoollint and the floor
//	cd bench && go run . -summarize      # recount RESULTS.md's triage summary after filling verdicts
//
// bench/run is the same with the working directory set. The exit status is
// non-zero when a tool does not build, dbpoollint or the floor crashes or
// fails, or dbpoollint's findings differ between runs.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

var (
	flagSmoke      = flag.Bool("smoke", false, "smoke run for CI: the smoke corpus (github.com/jmoiron/sqlx + database/sql), one round, no std")
	flagRounds     = flag.Int("rounds", 0, "timed rounds per tool, alternating tools within a round (default 3, 1 with -smoke)")
	flagTools      = flag.String("tools", "", "comma-separated subset of tools to time (default all): "+strings.Join(toolKeys(), ","))
	flagStd        = flag.Bool("std", true, "robustness: run dbpoollint twice over the standard library (std); ignored with -smoke")
	flagCPUProfile = flag.String("cpuprofile", "", "after the timed rounds, profile one run of dbpoollint (to this file) and of the floor (to FILE.floor) and print `go tool pprof -top`")
	flagUpdate     = flag.Bool("update", false, "rewrite RESULTS.md with this run, keeping the verdicts already filled in")
	flagOut        = flag.String("o", "", "also write the report to this file")
	flagKeep       = flag.Bool("keep", false, "keep the temporary directory (binaries, raw outputs)")
	flagGenCorpus  = flag.Bool("gen-corpus", false, "rewrite corpus.go from modules.go and exit")
	flagList       = flag.Bool("list", false, "print the target packages and exit")
	flagSummarize  = flag.Bool("summarize", false, "recount the triage summary of RESULTS.md from its verdict columns (after filling verdicts in by hand) and exit")
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("bench: ")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: go run . [flags]   (in bench/; or bench/run [flags])\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}

	benchDir, rootDir, err := locate()
	if err != nil {
		log.Fatal(err)
	}
	if *flagSummarize {
		if err := resummarize(filepath.Join(benchDir, "RESULTS.md")); err != nil {
			log.Fatal(err)
		}
		logf("recounted the triage summary of %s", filepath.Join(benchDir, "RESULTS.md"))
		return
	}
	if *flagGenCorpus {
		if err := genCorpus(benchDir); err != nil {
			log.Fatal(err)
		}
		return
	}

	modules := corpusModules
	rounds := 3
	if *flagSmoke {
		modules = smokeModules
		rounds = 1
	}
	if *flagRounds > 0 {
		rounds = *flagRounds
	}

	start := time.Now()
	targets, err := computeTargets(benchDir, modules)
	if err != nil {
		log.Fatal(err)
	}
	if *flagList {
		for _, t := range targets {
			fmt.Println(t.Path)
		}
		return
	}
	logf("%d target packages from %d modules + %s", len(targets)-1, len(modules), stdlibTarget)

	env, err := describeEnv(rootDir, benchDir)
	if err != nil {
		log.Fatal(err)
	}

	tmp, err := os.MkdirTemp("", "dbpoollint-bench-")
	if err != nil {
		log.Fatal(err)
	}
	if *flagKeep {
		logf("keeping %s", tmp)
	} else {
		defer os.RemoveAll(tmp)
	}

	tools := selectTools(*flagTools)
	if err := buildTools(tools, rootDir, benchDir, tmp); err != nil {
		log.Fatal(err)
	}

	b := &bench{dir: benchDir, tmp: tmp, targets: targets, rounds: rounds, tools: tools}
	b.timeRounds()
	b.robustness(!*flagSmoke && *flagStd)
	var profiles []profile
	if *flagCPUProfile != "" {
		profiles = b.cpuProfiles(*flagCPUProfile)
	}

	rep := report(env, b, modules, profiles, *flagSmoke, time.Since(start))
	fmt.Print(fillSummary(rep))
	if *flagOut != "" {
		if err := os.WriteFile(*flagOut, []byte(fillSummary(rep)), 0o644); err != nil {
			log.Fatal(err)
		}
	}
	if *flagUpdate {
		if err := updateResults(filepath.Join(benchDir, "RESULTS.md"), rep); err != nil {
			log.Fatal(err)
		}
		logf("updated %s", filepath.Join(benchDir, "RESULTS.md"))
	}
	if fails := b.failures(); len(fails) > 0 {
		for _, f := range fails {
			log.Print("FAIL: ", f)
		}
		os.Exit(1)
	}
	logf("ok (%s)", time.Since(start).Round(time.Second))
}

// locate finds bench/ (the main module of this command, so `go run .` must
// run inside it) and the repository root above it.
func locate() (benchDir, rootDir string, err error) {
	out, err := goCmd(".", "env", "GOMOD")
	if err != nil {
		return "", "", err
	}
	gomod := strings.TrimSpace(string(out))
	benchDir = filepath.Dir(gomod)
	if data, err := os.ReadFile(gomod); err != nil || !bytes.Contains(data, []byte("module github.com/dbpoollint/dbpoollint/bench\n")) {
		return "", "", fmt.Errorf("run in bench/ (go env GOMOD = %q)", gomod)
	}
	rootDir = filepath.Dir(benchDir)
	if _, err := os.Stat(filepath.Join(rootDir, "cmd", "dbpoollint")); err != nil {
		return "", "", fmt.Errorf("no cmd/dbpoollint above %s: %v", benchDir, err)
	}
	return benchDir, rootDir, nil
}

// goCmd runs the go command in dir and returns its standard output.
func goCmd(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go %s (in %s): %v\n%s", strings.Join(args, " "), dir, err, stderr.String())
	}
	return out, nil
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
}

func toolKeys() []string {
	var keys []string
	for _, t := range allTools() {
		keys = append(keys, t.key)
	}
	return keys
}

func selectTools(list string) []*tool {
	all := allTools()
	if list == "" {
		return all
	}
	want := strings.Split(list, ",")
	for _, w := range want {
		if !slices.Contains(toolKeys(), w) {
			log.Fatalf("-tools: unknown tool %q (have %s)", w, strings.Join(toolKeys(), ","))
		}
	}
	var sel []*tool
	for _, t := range all {
		// The floor and dbpoollint are always measured: every ratio needs them.
		if t.key == keyFloor || t.key == keyDBPoolLint || slices.Contains(want, t.key) {
			sel = append(sel, t)
		}
	}
	return sel
}
