package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestParseJSONDeduplicatesTestVariantsAndCollectsErrors(t *testing.T) {
	out := []byte(`{
  "example.com/p": {"rowsclose": [{"posn": "/x/p.go:3:2", "end": "/x/p.go:3:9", "message": "rows leak", "category": "rows-not-closed"}]},
  "example.com/p [example.com/p.test]": {"rowsclose": [{"posn": "/x/p.go:3:2", "end": "/x/p.go:3:9", "message": "rows leak"}]},
  "example.com/q": {"ctxquery": {"error": "boom\nsecond line"}}
}`)
	fs, errs, err := parseJSON(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 1 || fs[0].analyzer != "rowsclose" || fs[0].posn != "/x/p.go:3:2" || fs[0].category != "rows-not-closed" {
		t.Errorf("findings = %+v, want the one rowsclose finding once", fs)
	}
	if want := []string{"example.com/q: ctxquery: boom"}; !slices.Equal(errs, want) {
		t.Errorf("errors = %q, want %q", errs, want)
	}
}

func TestParseTextReadsDiagnosticLinesOnlyNotRelatedInformation(t *testing.T) {
	stderr := "-: # example.com/broken\n/x/a.go:10:5: db.SetMaxOpenConns(0) makes the pool unlimited (maxopenzero)\n" +
		"/x/a.go:10:5: db.SetMaxOpenConns(0) makes the pool unlimited\nsome other line\n" +
		"/x/a.go:8:2: \trelated information of the finding above\n"
	fs := parseText(stderr)
	if len(fs) != 1 || fs[0].key() != "/x/a.go:10:5: db.SetMaxOpenConns(0) makes the pool unlimited" || fs[0].analyzer != "maxopenzero" {
		t.Errorf("findings = %+v", fs)
	}
}

func TestCrashPatternSeparatesPanicsFromFindings(t *testing.T) {
	for s, want := range map[string]bool{
		"panic: runtime error: index out of range\n\ngoroutine 1":          true,
		"x.go:1:1: internal error: unexpected nil":                         true,
		"fatal error: concurrent map writes":                               true,
		"/x/a.go:3:1: rows from db.Query are not closed; the panic path..": false,
	} {
		if got := crashRE.MatchString(s); got != want {
			t.Errorf("crashRE.MatchString(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestShortPathNamesModuleVersionAndUnescapesCase(t *testing.T) {
	posn := filepath.Join(modCache, "github.com/!masterminds/squirrel@v1.5.4/select.go") + ":12:3"
	if got, want := shortPath(posn), "github.com/Masterminds/squirrel@v1.5.4/select.go:12:3"; got != want {
		t.Errorf("shortPath = %q, want %q", got, want)
	}
	if got, want := lineOf("/a/b.go:12:3"), "/a/b.go:12"; got != want {
		t.Errorf("lineOf = %q, want %q", got, want)
	}
}

func TestUpdateResultsKeepsHeadAndVerdicts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "RESULTS.md")
	old := "# Results\n\nhand-written notes\n\n" + generatedMarker + "\nold table\n\n" +
		triageOursMarker + "\n| # | location | analyzer | message | peers on this line | verdict | reason |\n|--:|---|---|---|---|---|---|\n" +
		"| 1 | m@v1/a.go:3:2 | rowsclose | old message | | TP | rows leak on the early return \\| really |\n\n" +
		triagePeersMarker + "\n| # | location | peer | message | verdict | why dbpoollint is silent |\n|--:|---|---|---|---|---|\n" +
		"| 1 | m@v1/b.go:7:1 | sqlclosecheck | rows not closed | FP | closed by the caller |\n\n"
	if err := os.WriteFile(path, []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}
	rep := generatedMarker + "\nnew table\n\n" +
		triageOursMarker + "\n| # | location | analyzer | message | peers on this line | verdict | reason |\n|--:|---|---|---|---|---|---|\n" +
		"| 1 | m@v1/a.go:3:2 | rowsclose | new message | |  |  |\n" +
		"| 2 | m@v1/a.go:9:2 | ctxquery | other | |  |  |\n\n" +
		triagePeersMarker + "\n| # | location | peer | message | verdict | why dbpoollint is silent |\n|--:|---|---|---|---|---|\n" +
		"| 1 | m@v1/b.go:7:1 | sqlclosecheck | rows not closed |  |  |\n\n"
	if err := updateResults(path, rep); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	got := string(data)
	for _, want := range []string{
		"# Results\n\nhand-written notes\n\n" + generatedMarker + "\nnew table\n",
		"| 1 | m@v1/a.go:3:2 | rowsclose | new message |  | TP | rows leak on the early return \\| really |\n",
		"| 2 | m@v1/a.go:9:2 | ctxquery | other | |  |  |\n",
		"| 1 | m@v1/b.go:7:1 | sqlclosecheck | rows not closed | FP | closed by the caller |\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("RESULTS.md lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "old table") {
		t.Errorf("RESULTS.md kept the old generated part:\n%s", got)
	}
}

func TestMedian(t *testing.T) {
	if got := median([]int64{5, 1, 3}); got != 3 {
		t.Errorf("median odd = %d", got)
	}
	if got := median([]int64{4, 1, 3, 2}); got != 2 {
		t.Errorf("median even = %d", got)
	}
}

func TestSummaryCountsVerdictsPerAnalyzerAndPeer(t *testing.T) {
	text := "x\n" + triageSummaryMarker + "\n\n" +
		triageOursMarker + "\n| # | location | analyzer | message | peers on this line | verdict | reason |\n|--:|---|---|---|---|---|---|\n" +
		"| 1 | a.go:1:1 | rowsclose | m |  | TP | r |\n" +
		"| 2 | a.go:2:1 | rowsclose | m |  | FP | r |\n" +
		"| 3 | a.go:3:1 | rowsclose | m |  | debatable | r |\n" +
		"| 4 | a.go:4:1 | rowsclose | m |  | TP | r |\n" +
		"| 5 | a.go:5:1 | ctxquery | m |  |  |  |\n\n" +
		triagePeersMarker + "\n| # | location | peer | message | verdict | why dbpoollint is silent |\n|--:|---|---|---|---|---|\n" +
		"| 1 | b.go:7:1 | noctx | m | style | no context |\n" +
		"| 2 | b.go:8:1 | noctx | m | TP | our miss |\n\n"
	got := fillSummary(text)
	for _, want := range []string{
		"| tool | analyzer | findings | TP | FP | debatable | other verdicts | true share | debatable share |\n",
		"| dbpoollint | ctxquery | 1 | 0 | 0 | 0 | not triaged 1 | 0% | 0% |\n",
		"| dbpoollint | rowsclose | 4 | 2 | 1 | 1 |  | 50% | 25% |\n",
		"| **dbpoollint** | **(all analyzers)** | 5 | 2 | 1 | 1 | not triaged 1 | 40% | 20% |\n",
		"| noctx | (dbpoollint silent) | 2 | 1 | 0 | 0 | style 1 | 50% | 0% |\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("summary lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, triageSummaryMarker) {
		t.Errorf("placeholder left in:\n%s", got)
	}
	if i, j := strings.Index(got, "| dbpoollint | rowsclose"), strings.Index(got, "| **dbpoollint** |"); i > j {
		t.Errorf("the total row comes before the analyzers:\n%s", got)
	}
}

func TestGoalSaysMetOrMissedAgainstTheLimit(t *testing.T) {
	if got, want := goal(1.05, goalWall), "goal 1.1x met"; got != want {
		t.Errorf("goal(1.05) = %q, want %q", got, want)
	}
	if got, want := goal(1.5, goalRSS), "goal 1.25x MISSED by 20%"; got != want {
		t.Errorf("goal(1.5) = %q, want %q", got, want)
	}
}

func TestResummarizeRecountsAfterVerdictsChange(t *testing.T) {
	path := filepath.Join(t.TempDir(), "RESULTS.md")
	table := triageOursMarker + "\n| # | location | analyzer | message | peers on this line | verdict | reason |\n|--:|---|---|---|---|---|---|\n" +
		"| 1 | a.go:1:1 | rowsclose | m |  |  |  |\n\n"
	text := fillSummary("head\n\n### Triage summary\n\n" + triageSummaryMarker + "\n\n" + table + "tail\n")
	if !strings.Contains(text, "| dbpoollint | rowsclose | 1 | 0 | 0 | 0 | not triaged 1 | 0% | 0% |\n") {
		t.Fatalf("first summary:\n%s", text)
	}
	text = strings.Replace(text, "| 1 | a.go:1:1 | rowsclose | m |  |  |  |", "| 1 | a.go:1:1 | rowsclose | m |  | debatable | r |", 1)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := resummarize(path); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	got := string(data)
	if !strings.Contains(got, "| dbpoollint | rowsclose | 1 | 0 | 0 | 1 |  | 0% | 100% |\n") ||
		!strings.Contains(got, "| **dbpoollint** | **(all analyzers)** | 1 | 0 | 0 | 1 |  | 0% | 100% |\n\n"+triageOursMarker) {
		t.Errorf("recounted summary:\n%s", got)
	}
	if strings.Count(got, summaryHeader) != 1 || !strings.HasSuffix(got, "tail\n") || !strings.HasPrefix(got, "head\n") {
		t.Errorf("resummarize changed more than the summary:\n%s", got)
	}
}

func TestTriagedKeepsUnqueryvetTransactionAndN1FindingsOnly(t *testing.T) {
	for msg, want := range map[string]bool{
		"[high] transaction tx has early return paths that bypass Commit()\n  Suggestion: Add defer tx.Rollback()": true,
		"[critical] unclosed transaction: tx - missing both Commit() and Rollback()":                               true,
		"[critical] potential N+1 query: Exec() called inside loop - Consider using a batch query":                 true,
		"[medium] transaction started inside loop - consider batching operations":                                  true,
		"ORM query execution inside loop: Find() - potential N+1 problem":                                          true,
		"[high] SQL INJECTION: potentially tainted variable 'q' used in Exec ()":                                   false,
		"[medium] review SQL query in Query(): ensure 'q' is not built with user input":                            false,
		"avoid SELECT * - explicitly specify needed columns for better performance":                                false,
	} {
		if got := triaged(keyUnqueryvet, finding{analyzer: "unqueryvet", message: msg}); got != want {
			t.Errorf("triaged(unqueryvet, %q) = %v, want %v", msg, got, want)
		}
	}
	if !triaged("noctx", finding{analyzer: "noctx", message: "avoid SELECT * - explicitly specify needed columns"}) {
		t.Errorf("a finding of another peer is left out of the triage")
	}
}

func TestUpdateResultsTellsPeerFindingsAtOnePositionApartByMessage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "RESULTS.md")
	head := triagePeersMarker + "\n| # | location | peer | message | verdict | why dbpoollint is silent |\n|--:|---|---|---|---|---|\n"
	old := generatedMarker + "\n" + head +
		"| 1 | m@v1/b.go:7:2 | unqueryvet | [high] transaction tx has early return paths | FP | rolled back on every path |\n" +
		"| 2 | m@v1/b.go:7:2 | unqueryvet | [low] transaction tx Rollback() error is ignored | style | not a leak |\n\n"
	if err := os.WriteFile(path, []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}
	rep := generatedMarker + "\n" + head +
		"| 1 | m@v1/b.go:7:2 | unqueryvet | [high] transaction tx has early return paths |  |  |\n" +
		"| 2 | m@v1/b.go:7:2 | unqueryvet | [low] transaction tx Rollback() error is ignored |  |  |\n\n"
	if err := updateResults(path, rep); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	got := string(data)
	for _, want := range []string{
		"| 1 | m@v1/b.go:7:2 | unqueryvet | [high] transaction tx has early return paths | FP | rolled back on every path |\n",
		"| 2 | m@v1/b.go:7:2 | unqueryvet | [low] transaction tx Rollback() error is ignored | style | not a leak |\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("RESULTS.md lacks %q:\n%s", want, got)
		}
	}
}
