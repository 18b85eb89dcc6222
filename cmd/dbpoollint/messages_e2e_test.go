package main

// End-to-end tests of what a finding says and where: every message of the
// example service fits in 160 characters, with a median of at most 110;
// a handle leaked on several paths is one finding, at its producer, where a
// directive on that line suppresses it.

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/dbpoollint/dbpoollint/internal/buildcache"
	"github.com/dbpoollint/dbpoollint/internal/testroot"
)

// plusCount is "+3" after a list of names, for "and 3 more".
var plusCount = regexp.MustCompile(` \+\d`)

func TestMessagesOfTheExampleServiceAreShort(t *testing.T) {
	t.Parallel()
	var lengths []int
	dirs := []string{"."}
	if os.Getenv(buildcache.E2EEnv) == "1" {
		dirs = append(dirs, "examples/incident/pgx") // compiles pgx: end-to-end suite only
	}
	for _, dir := range dirs {
		pattern := "./..."
		if dir == "." {
			pattern = "./examples/..."
		}
		r := run(t, filepath.Join(testroot.Dir(), dir), binary(t), "-json", pattern)
		if r.exit != 0 {
			t.Fatalf("-json in %s: exit %d\n%s", dir, r.exit, r.stderr)
		}
		var got jsonFindings
		if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
			t.Fatal(err)
		}
		for _, byAnalyzer := range got {
			for _, diags := range byAnalyzer {
				for _, d := range diags {
					n := len([]rune(d.Message))
					if n > 160 {
						t.Errorf("%s: message of %d characters (at most 160): %s", d.Posn, n, d.Message)
					}
					if n != len(d.Message) {
						t.Errorf("%s: message with non-ASCII characters: %s", d.Posn, d.Message)
					}
					if plusCount.MatchString(d.Message) {
						t.Errorf("%s: a count of values reads as arithmetic (say \"and N more\"): %s", d.Posn, d.Message)
					}
					lengths = append(lengths, n)
				}
			}
		}
	}
	if len(lengths) < 20 {
		t.Fatalf("%d findings on the example service: the test would prove little", len(lengths))
	}
	slices.Sort(lengths)
	median := float64(lengths[(len(lengths)-1)/2]+lengths[len(lengths)/2]) / 2
	if median > 110 {
		t.Errorf("median message length %.1f, want at most 110", median)
	}
}

const leaky = `package leaky

import "database/sql"

func prepare(db *sql.DB, a, b, c bool) error {
	stmt, err := db.Prepare("SELECT 1")%s
	if err != nil {
		return err
	}
	if a {
		return nil
	}
	if b {
		return nil
	}
	if c {
		return nil
	}
	return stmt.Close()
}
`

func TestALeakedHandleIsOneFindingAtItsProducerWhereADirectiveSilencesIt(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(directive string) {
		for name, content := range map[string]string{
			"go.mod":   "module leaky\n\ngo 1.26\n",
			"leaky.go": strings.Replace(leaky, "%s", directive, 1),
		} {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	write("")
	r := runEnv(t, moduleEnv, dir, binary(t), "./...")
	var findings []string
	for line := range strings.SplitSeq(r.stdout, "\n") {
		if strings.Contains(line, "leaky.go:") && !strings.Contains(line, ": \t") {
			findings = append(findings, line)
		}
	}
	if r.exit != 3 || len(findings) != 1 || !strings.Contains(findings[0], "leaky.go:6:") || !strings.HasSuffix(findings[0], "(connleak)") {
		t.Fatalf("want one connleak finding at the producer (line 6), exit 3; got exit %d:\n%s%s", r.exit, r.stdout, r.stderr)
	}
	if n := strings.Count(r.stdout, "left behind here"); n != 3 {
		t.Errorf("want the three leaking returns as related lines, got %d:\n%s", n, r.stdout)
	}
	write(" //dbpoollint:ignore connleak the statement is closed by the caller's cleanup")
	if r := runEnv(t, moduleEnv, dir, binary(t), "./..."); r.exit != 0 || strings.TrimSpace(r.stdout+r.stderr) != "" {
		t.Errorf("a directive on the producer's line: exit %d, want 0 and no output\n%s%s", r.exit, r.stdout, r.stderr)
	}
}
