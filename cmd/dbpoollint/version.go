package main

import (
	"crypto/sha256"
	"fmt"
	"io"
	"log"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
)

// versionFlag returns "full" for -V=full (go vet's question), "short" for
// -V, and "" when the arguments ask for no version.
func versionFlag(args []string) string {
	for _, arg := range args {
		switch strings.TrimPrefix(arg, "-") {
		case "-V", "V", "V=true", "-V=true":
			return "short"
		case "V=full", "-V=full":
			return "full"
		}
		if !strings.HasPrefix(arg, "-") || arg == "--" {
			break
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

// printVersion prints the version and exits. With full, the line is the one
// go vet reads to key its cache: "<name> version <version> ... buildID=<id>",
// the ID a hash of the executable, so that a rebuilt dbpoollint invalidates
// vet's cached results.
func printVersion(full bool) {
	if !full {
		fmt.Printf("dbpoollint %s (%s)\n", moduleVersion(), runtime.Version())
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
	fmt.Printf("dbpoollint version %s %s buildID=%x\n", moduleVersion(), runtime.Version(), h.Sum(nil))
	os.Exit(0)
}
