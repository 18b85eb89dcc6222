package main

import (
	"crypto/sha256"
	"fmt"
	"io"
	"log"
	"os"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
)

// versionFlag returns "full" for -V=full (go vet's question), "short" for
// -V, --version or "dbpoollint version", and "" when the arguments ask for
// no version.
func versionFlag(args []string) string {
	if len(args) == 1 && args[0] == "version" {
		return "short"
	}
	for _, arg := range args {
		if !strings.HasPrefix(arg, "-") || arg == "--" {
			break
		}
		switch strings.TrimPrefix(arg, "-") {
		case "-V", "V", "V=true", "-V=true", "-version", "version":
			return "short"
		case "V=full", "-V=full":
			return "full"
		}
	}
	return ""
}

// moduleVersion is the version of dbpoollint this binary was built from:
// the module version for go install ...@version, "(devel)" for a checkout.
func moduleVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}

// nextRelease is the version the code of a checkout will be released as:
// what a build that is not a tagged release reports as its version where a
// number is required (SARIF).
const nextRelease = "0.1.0"

// semver returns the version as SARIF's semanticVersion wants it: the
// release's (without the v), or nextRelease for builds of a checkout.
func semver() string {
	v := moduleVersion()
	if release.MatchString(v) {
		return strings.TrimPrefix(v, "v")
	}
	return nextRelease
}

var release = regexp.MustCompile(`^v\d+\.\d+\.\d+$`)

// printVersion prints the version and exits. With full, the line is the one
// go vet reads to key its cache: "<name> version <version> ... buildID=<id>",
// the ID a hash of the executable and of the configuration file, so that a
// rebuilt dbpoollint or an edited .dbpoollint.json invalidates vet's cached
// results.
func printVersion(full bool) {
	if !full {
		v, built := moduleVersion(), runtime.Version()
		if !release.MatchString(v) {
			// A build between releases: the module's pseudo-version, if
			// any, says which.
			if v != "(devel)" {
				built = v + ", " + built
			}
			v = nextRelease + "-devel"
		}
		fmt.Printf("dbpoollint %s (%s)\n", v, built)
		os.Exit(0)
	}
	exe, err := os.Executable()
	if err != nil {
		log.Fatal(err)
	}
	f, err := os.Open(exe)
	if err != nil {
		log.Fatal(err)
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		log.Fatal(err)
	}
	f.Close()
	// go vet runs this in its working directory and replays the results
	// it cached under this ID: the configuration file that applies there
	// is part of it, so that editing the file reruns the analysis.
	if wd, err := os.Getwd(); err == nil {
		if file := findConfig(wd); file != "" {
			data, _ := os.ReadFile(file)
			fmt.Fprintf(h, "\x00%s\x00%s", file, data)
		}
	}
	fmt.Printf("dbpoollint version %s %s buildID=%x\n", moduleVersion(), runtime.Version(), h.Sum(nil))
	os.Exit(0)
}
