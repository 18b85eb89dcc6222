package main

import (
	"slices"
	"testing"
)

func TestTheFixingProcessGetsNoFlagsOfTheDriversOwn(t *testing.T) {
	t.Parallel()
	got := fixerArgs([]string{"-cpuprofile", "cpu.out", "-json", "-memprofile=mem.out", "--trace", "t.out", "-config", "c.json",
		"-set-exit-status", "-baseline=b.json", "-rowsclose=false", "./...", "-cpuprofile"})
	want := []string{"-json", "-rowsclose=false", "./...", "-cpuprofile"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
