package main

import (
	"errors"
	"fmt"
	"log"
	"os"
	"os/exec"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// fix applies the suggested fixes with x/tools' multichecker (the binary
// runs itself as one: x/tools' fixer, which merges the fixes and formats the
// files, is not reachable otherwise), then prints the findings that remain
// (with -diff, those without a fix): -fix alone says nothing of what it
// could not fix. It returns 1 if a package does not compile (then nothing
// is fixed) or a fix could not be applied, 3 if findings remain, else 0.
func fix(f *flags, conf *config, roots []*analysis.Analyzer, patterns []string) int {
	named(roots, func() bool { return true })
	before := analyze(f, roots, patterns)
	if before.failed {
		log.Print("-fix: no fix applied: fix the errors above first")
		return exitFailure
	}
	exe, err := os.Executable()
	if err != nil {
		log.Print(err)
		return exitFailure
	}
	// The configuration's settings go first, as flags; its excludes
	// through the environment.
	var confArgs []string
	if conf != nil {
		confArgs = conf.args
	}
	cmd := exec.Command(exe, slices.Concat([]string{"-fix"}, confArgs, fixerArgs(os.Args[1:]))...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = append(os.Environ(), fixerEnv+"=1")
	if conf != nil {
		cmd.Env = append(cmd.Env, fixerConfigEnv+"="+conf.file)
	}
	if f.tags != "" {
		// multichecker loads packages without build flags; the go command
		// it runs reads GOFLAGS.
		cmd.Env = append(cmd.Env, "GOFLAGS="+strings.TrimSpace(os.Getenv("GOFLAGS")+" -tags="+f.tags))
	}
	code := exitClean
	if err := cmd.Run(); err != nil {
		var exitErr *exec.ExitError
		if !errors.As(err, &exitErr) {
			log.Print(err)
			return exitFailure
		}
		code = exitErr.ExitCode()
	}

	// What is left to do by hand.
	var remaining, header string
	if f.diff {
		remaining = withoutFix(before)
		header = "these findings have no suggested fix:"
	} else {
		after := analyze(f, roots, patterns)
		if after.graph == nil {
			return exitFailure
		}
		var b strings.Builder
		if err := printText(&b, after.collect(), f.context); err != nil {
			log.Print(err)
			return exitFailure
		}
		remaining = b.String()
		header = "these findings remain after -fix:"
		if after.failed {
			code = max(code, exitFailure)
		}
	}
	if remaining != "" {
		log.Print(header)
		fmt.Fprint(os.Stderr, remaining)
		if code == exitClean {
			code = exitFindings
		}
	}
	return code
}

// withoutFix returns, as text, the findings of r that carry no suggested
// fix.
func withoutFix(r *outcome) string {
	var keep []*finding
	for _, f := range r.collect() {
		if len(f.diag.SuggestedFixes) == 0 {
			keep = append(keep, f)
		}
	}
	var b strings.Builder
	if err := printText(&b, keep, -1); err != nil {
		return err.Error() + "\n"
	}
	return b.String()
}

// fixerArgs returns args without the flags that the driver itself honours
// and x/tools' multichecker does not know: the profile and trace flags (the
// process applying the fixes must not write over their files), the
// configuration and baseline flags, and -set-exit-status.
func fixerArgs(args []string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		name, _, hasValue := strings.Cut(strings.TrimLeft(args[i], "-"), "=")
		switch {
		case args[i] == "--" || !strings.HasPrefix(args[i], "-"):
			return append(out, args[i:]...)
		case name == "cpuprofile" || name == "memprofile" || name == "trace" || name == "config" || name == "baseline":
			if !hasValue {
				i++ // the value is the next argument
			}
			continue
		case name == "set-exit-status" || name == "baseline-write":
			continue
		}
		out = append(out, args[i])
	}
	return out
}
