// Command build-gopls builds a modified gopls with the dbpoollint suite
// built in, so that dbpoollint's diagnostics appear in an editor as you type
// and ctxquery's fix appears as a quick fix.
//
// gopls cannot load third-party analyzers (golang/go#59869: its analyzer
// list is internal; the only way to extend gopls is to modify it). So, the
// same way `golangci-lint custom` builds a golangci-lint with plugins,
// build-gopls:
//
//  1. takes the pinned gopls release (golang.org/x/tools/gopls v0.23.0, the
//     newest that builds with Go 1.26) from the Go module cache, downloading
//     it through GOPROXY if it is not there;
//  2. copies it to a work directory;
//  3. adds one generated file, internal/settings/zz_dbpoollint.go, whose
//     init function appends the suite's analyzers to gopls's analyzer list
//     (skipping those gopls already has by name: sqlrowserr);
//  4. requires github.com/dbpoollint/dbpoollint (replaced by a checkout, or at
//     a version) and pins golang.org/x/tools to the version that gopls
//     release requires (gopls uses x/tools internals, so it must not move);
//  5. builds the gopls binary into -o DIR.
//
// Everything else gopls does stays as it is. Usage:
//
//	go run ./cmd/build-gopls -o ~/bin                  # in a dbpoollint checkout
//	go run github.com/dbpoollint/dbpoollint/cmd/build-gopls@VERSION -o ~/bin   # once a release is tagged
//
// then point the editor's gopls path at ~/bin/gopls. The dbpoollint
// analyzers are on by default; turn one off with gopls's "analyses" setting,
// e.g. {"analyses": {"singledb": false}}. gopls has no per-analyzer options:
// the analyzers run with their default flags, or with the values baked in at
// build time with -set analyzer.flag=value (repeatable), e.g.
// -set maxopenzero.require-limit=true.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
)

func main() {
	var c config
	flag.StringVar(&c.out, "o", ".", "directory to write the gopls binary to")
	flag.StringVar(&c.goplsVersion, "gopls", GoplsVersion, "gopls release to build (the hook is tested against "+GoplsVersion+" only)")
	flag.StringVar(&c.dbpoollint, "dbpoollint", "", "dbpoollint checkout directory or module version to build in (default: the version this command was installed at, else the checkout containing the current directory)")
	flag.StringVar(&c.work, "work", "", "work directory for the modified gopls source (default: a temporary directory, removed afterwards)")
	flag.BoolVar(&c.verbose, "v", false, "print the go commands run and their output")
	c.options = make(map[string]map[string]string)
	flag.Func("set", "bake an analyzer option into the binary, `analyzer.flag=value` (repeatable; gopls has no per-analyzer options)", func(s string) error {
		return parseOption(c.options, s)
	})
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: build-gopls [-o DIR] [-set analyzer.flag=value]... [-dbpoollint DIR|VERSION] [-work DIR] [-v]\n\n"+
			"build-gopls builds gopls %s with the dbpoollint analyzers built in.\n\n", GoplsVersion)
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	c.stderr = os.Stderr

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	bin, err := build(ctx, c)
	if err != nil {
		fmt.Fprintf(os.Stderr, "build-gopls: %v\n", err)
		os.Exit(1)
	}
	fmt.Println(bin)
}
