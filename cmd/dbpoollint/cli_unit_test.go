package main

import (
	"slices"
	"testing"
)

func TestTheFixingProcessGetsNoProfileFlags(t *testing.T) {
	got := withoutProfiles([]string{"-cpuprofile", "cpu.out", "-json", "-memprofile=mem.out", "--trace", "t.out", "-rowsclose=false", "./...", "-cpuprofile"})
	want := []string{"-json", "-rowsclose=false", "./...", "-cpuprofile"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
