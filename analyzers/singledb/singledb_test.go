package singledb_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/dbpoollint/dbpoollint/analyzers/singledb"
	"github.com/dbpoollint/dbpoollint/internal/testroot"
)

// defaults is one load of every case package checked under the default
// settings (see testroot.Load).
var defaults = &testroot.Load{
	Analyzer: singledb.New,
	Pkgs:     []string{"singledb/a", "singledb/b", "singledb/cmd/migrate", "singledb/pgx"},
}

// Package a: openers and per-call pools in net/http, gin, echo, fiber,
// gRPC and custom-router request scopes, loops, and the idiomatic code
// (constructors, sync.Once, caches of pools, CLIs) that must stay silent.
// Package b calls a's helpers, whose bodies it cannot see (the precision
// rule); cmd/migrate: main and init are silent, but handler literals in
// main are not.
func TestPoolsOpenedPerRequestPerCallOrPerIterationAreReported(t *testing.T) {
	t.Parallel()
	defaults.Check(t, "singledb/a", "singledb/b", "singledb/cmd/migrate", "singledb/pgx")
}

func TestLoopsFlagOffReportsOnlyRequestScopes(t *testing.T) {
	t.Parallel()
	a := singledb.New()
	if err := a.Flags.Set("loops", "false"); err != nil {
		t.Fatal(err)
	}
	testroot.MessagesFit(t, analysistest.Run(t, testroot.TestData(), a, "singledb/noloops"))
}

// Test code opens pools as it likes (singledb/a's a_test.go is silent); with
// -tests it is reported as any other.
func TestTestsFlagReportsTestCodeAsAnyOther(t *testing.T) {
	t.Parallel()
	a := singledb.New()
	if err := a.Flags.Set("tests", "true"); err != nil {
		t.Fatal(err)
	}
	testroot.MessagesFit(t, analysistest.Run(t, testroot.TestData(), a, "singledb/testsflag"))
}
