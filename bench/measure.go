package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"time"
)

// bench holds the configuration and the results of one invocation.
type bench struct {
	dir     string // bench/: the module the targets resolve in
	tmp     string
	targets []target
	rounds  int
	tools   []*tool

	runs    map[string][]*run // timed runs per tool key
	stdRuns []*run            // dbpoollint over std: text mode, -json
	checks  []check           // robustness checks, in order
}

// run is one execution of a checker.
type run struct {
	wall     time.Duration
	cpu      time.Duration // user + system, the process and its waited-for children
	maxRSS   int64         // bytes; the largest process of the tree (the driver or its go list)
	exit     int
	stderr   string
	findings []finding
	errs     []string // analysis errors reported in the JSON output
	crash    string   // non-empty: what looked like a crash
}

// check is one robustness verdict. A note records a failure that is not
// dbpoollint's (a peer or the facts floor failing): it does not fail the
// bench.
type check struct {
	name string
	ok   bool
	note bool
	text string
}

// crashRE matches what a crashing checker prints: a Go panic or fatal
// error, or the driver's "internal error" wrapping an analyzer's panic.
var crashRE = regexp.MustCompile(`(?m)^panic: |^fatal error: |internal error`)

// exec runs bin with args in the bench module and measures it. jsonOut
// selects -json; the findings are parsed from it, or from the text output.
func (b *bench) exec(name, bin string, args []string, jsonOut bool) *run {
	if jsonOut {
		args = append([]string{"-json"}, args...)
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir = b.dir
	cmd.Env = append(os.Environ(), "GOWORK=off")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	r := &run{wall: time.Since(start), stderr: stderr.String()}
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		r.exit = -1
		r.crash = err.Error()
		return r
	}
	if ps := cmd.ProcessState; ps != nil {
		r.exit = ps.ExitCode()
		r.cpu = ps.UserTime() + ps.SystemTime()
		if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
			r.maxRSS = int64(ru.Maxrss) * 1024 // kilobytes on Linux
		}
		if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			r.crash = "killed by " + ws.Signal().String()
		}
	}
	if m := crashRE.FindString(r.stderr); m != "" && r.crash == "" {
		r.crash = fmt.Sprintf("stderr contains %q", strings.TrimSpace(m))
	}
	base := filepath.Join(b.tmp, name)
	os.WriteFile(base+".stdout", stdout.Bytes(), 0o644)
	os.WriteFile(base+".stderr", stderr.Bytes(), 0o644)
	if jsonOut {
		fs, errs, perr := parseJSON(stdout.Bytes())
		if perr != nil && r.crash == "" {
			r.crash = "unreadable -json output: " + perr.Error()
		}
		r.findings, r.errs = fs, errs
	} else {
		// dbpoollint prints text findings on stdout, errors on stderr.
		r.findings = parseText(stdout.String())
	}
	return r
}

func (b *bench) targetArgs() []string {
	args := []string{"-test=false"}
	for _, t := range b.targets {
		args = append(args, t.Path)
	}
	return args
}

func (b *bench) tool(key string) *tool {
	for _, t := range b.tools {
		if t.key == key {
			return t
		}
	}
	return nil
}

// timeRounds warms the build cache with one untimed run of the floor, then
// runs every tool once per round, rotating the order each round (A B C, B C
// A, ...) so that drift on a shared machine spreads over all tools.
func (b *bench) timeRounds() {
	floor := b.tool(keyFloor)
	logf("warm-up: %s", floor.key)
	w := b.exec("warmup", floor.bin, b.targetArgs(), true)
	if w.crash != "" || w.exit != 0 {
		logf("warm-up run of the floor failed (exit %d): %s", w.exit, firstLines(w.stderr, 20))
	}
	b.runs = map[string][]*run{}
	for round := range b.rounds {
		for i := range b.tools {
			t := b.tools[(i+round)%len(b.tools)]
			r := b.exec(fmt.Sprintf("%s-round%d", t.key, round+1), t.bin, b.targetArgs(), true)
			b.runs[t.key] = append(b.runs[t.key], r)
			logf("round %d/%d %-14s wall %6.2fs cpu %6.2fs rss %7.1f MB exit %d findings %d%s",
				round+1, b.rounds, t.key, r.wall.Seconds(), r.cpu.Seconds(), mb(r.maxRSS), r.exit, len(r.findings), crashNote(r))
		}
	}
}

func crashNote(r *run) string {
	if r.crash != "" {
		return " CRASH: " + r.crash
	}
	if len(r.errs) > 0 {
		return fmt.Sprintf(" (%d analysis errors)", len(r.errs))
	}
	return ""
}

// robustness checks that dbpoollint does not crash or fail, and reports
// the same findings on every run: over the corpus (the timed -json rounds
// plus a text-mode run, where exit status 3 means findings), and over the
// standard library (a text-mode and a -json run, tests included).
func (b *bench) robustness(std bool) {
	dbpl := b.tool(keyDBPoolLint)
	var corpusRuns []*run
	for i, r := range b.runs[keyDBPoolLint] {
		corpusRuns = append(corpusRuns, r)
		b.judgeJSON(fmt.Sprintf("corpus, -json round %d", i+1), r)
	}
	logf("robustness: corpus, text mode")
	text := b.exec("robust-corpus-text", dbpl.bin, b.targetArgs(), false)
	b.judgeText("corpus, text mode", text)
	corpusRuns = append(corpusRuns, text)
	b.stable("corpus", corpusRuns)

	for _, t := range b.tools {
		if t.key == keyDBPoolLint {
			continue
		}
		for i, r := range b.runs[t.key] {
			if r.crash != "" || r.exit != 0 {
				b.checks = append(b.checks, check{name: fmt.Sprintf("%s on the corpus, round %d", t.key, i+1),
					ok:   t.key != keyFloor, // only the floor's failure fails the bench
					text: fmt.Sprintf("exit %d %s: %s", r.exit, r.crash, firstLines(r.stderr, 5))})
			}
		}
	}

	if !std {
		return
	}
	logf("robustness: std, text mode")
	stdText := b.exec("robust-std-text", dbpl.bin, []string{"std"}, false)
	b.judgeText("std, text mode", stdText)
	logf("robustness: std, -json")
	stdJSON := b.exec("robust-std-json", dbpl.bin, []string{"std"}, true)
	b.judgeJSON("std, -json", stdJSON)
	b.stable("std", []*run{stdText, stdJSON})
	b.stdRuns = []*run{stdText, stdJSON}
}

func (b *bench) judgeJSON(name string, r *run) {
	c := check{name: "dbpoollint, " + name, ok: true}
	switch {
	case r.crash != "":
		c.ok, c.text = false, "crash: "+r.crash+"\n"+firstLines(r.stderr, 20)
	case r.exit != 0:
		c.ok, c.text = false, fmt.Sprintf("exit %d (with -json the driver exits 0 unless a package fails to load)\n%s", r.exit, firstLines(r.stderr, 20))
	case len(r.errs) > 0:
		c.ok, c.text = false, fmt.Sprintf("%d analysis errors: %s", len(r.errs), strings.Join(r.errs[:min(5, len(r.errs))], "; "))
	default:
		c.text = fmt.Sprintf("exit 0, %d findings, %.1fs, %.0f MB", len(r.findings), r.wall.Seconds(), mb(r.maxRSS))
	}
	b.checks = append(b.checks, c)
}

func (b *bench) judgeText(name string, r *run) {
	c := check{name: "dbpoollint, " + name, ok: true}
	switch {
	case r.crash != "":
		c.ok, c.text = false, "crash: "+r.crash+"\n"+firstLines(r.stderr, 20)
	case r.exit == 0 || r.exit == 3:
		c.text = fmt.Sprintf("exit %d (%s), %d findings, %.1fs, %.0f MB", r.exit, map[int]string{0: "no findings", 3: "findings"}[r.exit],
			len(r.findings), r.wall.Seconds(), mb(r.maxRSS))
	default:
		c.ok, c.text = false, fmt.Sprintf("exit %d (1: a package failed to load or an analyzer returned an error)\n%s", r.exit, firstLines(r.stderr, 20))
	}
	b.checks = append(b.checks, c)
}

// stable compares the findings of several runs by position and message.
func (b *bench) stable(name string, runs []*run) {
	c := check{name: fmt.Sprintf("dbpoollint findings stable on %s across %d runs", name, len(runs)), ok: true}
	var first []string
	for i, r := range runs {
		keys := findingKeys(r.findings)
		if i == 0 {
			first = keys
			continue
		}
		if !slices.Equal(first, keys) {
			added, removed := diffKeys(first, keys)
			c.ok = false
			c.text = fmt.Sprintf("run %d differs from run 1: +%d -%d\n+ %s\n- %s", i+1, len(added), len(removed),
				strings.Join(added[:min(5, len(added))], "\n+ "), strings.Join(removed[:min(5, len(removed))], "\n- "))
			break
		}
	}
	if c.ok {
		c.text = fmt.Sprintf("same %d findings", len(first))
	}
	b.checks = append(b.checks, c)
}

func (b *bench) failures() []string {
	var fails []string
	for _, c := range b.checks {
		if !c.ok {
			fails = append(fails, c.name+": "+firstLine(c.text))
		}
	}
	return fails
}

// profile is a CPU profile of one run, the top of its pprof report and
// the time of each analyzer's actions.
type profile struct {
	tool      string
	file      string
	wall      time.Duration
	top       string
	analyzers []analyzerTime
}

type analyzerTime struct {
	name    string
	total   time.Duration
	actions int
}

// actionTimeRE matches a line of the checker's -debug=t report:
// "<duration>\t<analyzer>@<package>" or "<duration>\tall others".
var actionTimeRE = regexp.MustCompile(`(?m)^(\S+)\t(\S+)@\S.*$|^(\S+)\tall others$`)

// cpuProfiles runs dbpoollint and the floor once more with the checker's
// -cpuprofile flag and -debug=tp (sequential, with the time of each action),
// and renders `go tool pprof -top -cum` of each and the time per analyzer.
func (b *bench) cpuProfiles(path string) []profile {
	path, _ = filepath.Abs(path)
	var out []profile
	for _, key := range []string{keyDBPoolLint, keyFloor} {
		t := b.tool(key)
		file := path
		if key == keyFloor {
			file = path + ".floor"
		}
		logf("cpu profile: %s -> %s", key, file)
		r := b.exec(key+"-cpuprofile", t.bin, append([]string{"-cpuprofile", file, "-debug=tp"}, b.targetArgs()...), true)
		top, err := runOut(b.dir, "go", "tool", "pprof", "-top", "-cum", "-nodecount=30", t.bin, file)
		if err != nil {
			top = "pprof failed: " + err.Error()
		}
		out = append(out, profile{tool: key, file: file, wall: r.wall, top: top, analyzers: actionTimes(r.stderr)})
	}
	return out
}

// actionTimes sums the checker's per-action times by analyzer.
func actionTimes(stderr string) []analyzerTime {
	byName := map[string]*analyzerTime{}
	var order []string
	for _, m := range actionTimeRE.FindAllStringSubmatch(stderr, -1) {
		d, name := m[1], m[2]
		if m[3] != "" {
			d, name = m[3], "(all others)"
		}
		dur, err := time.ParseDuration(d)
		if err != nil {
			continue
		}
		at := byName[name]
		if at == nil {
			at = &analyzerTime{name: name}
			byName[name] = at
			order = append(order, name)
		}
		at.total += dur
		at.actions++
	}
	var ats []analyzerTime
	for _, n := range order {
		ats = append(ats, *byName[n])
	}
	slices.SortStableFunc(ats, func(a, b analyzerTime) int { return int(b.total - a.total) })
	return ats
}

func runOut(dir, name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("%v: %s", err, stderr.String())
	}
	return string(out), nil
}

func firstLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = append(lines[:n], fmt.Sprintf("... (%d more lines)", len(lines)-n))
	}
	return strings.Join(lines, "\n")
}

func mb(bytes int64) float64 { return float64(bytes) / 1e6 }
