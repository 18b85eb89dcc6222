package main

// End-to-end tests of golangci-lint //nolint comments outside golangci-lint:
// a team switching from sqlclosecheck, rowserrcheck or noctx keeps the
// decisions its //nolint comments record, in every mode, and
// -ignoredirective.honor-nolint=false turns that off. And every finding
// links to its category's heading on its analyzer's page under docs/.

import (
	"encoding/json"
	"strings"
	"testing"
)

// The findings of testdata/cli/nolint: suppressed ones carry a //nolint.
var (
	nolintNoctx         = "store.go:13:3: db.Exec takes no context"                      // //nolint:noctx
	nolintSqlclosecheck = "store.go:19:15: rows are not closed on the return at line 27" // //nolint:errcheck,sqlclosecheck
	nolintBare          = "store.go:35:2: SetMaxOpenConns(0) means no limit"             // //nolint
	nolintNone          = []string{"store.go:14:3: db.Exec takes no context", "store.go:39:2: SetMaxOpenConns(0) means no limit"}
)

func TestNolintOfTheReplacedLintersIsHonouredInEveryModeUnlessTurnedOff(t *testing.T) {
	dir := fixture(t, "nolint")
	suppressed := []string{nolintNoctx, nolintSqlclosecheck, nolintBare}
	for _, mode := range []struct {
		name string
		cmd  []string
	}{
		{"standalone", []string{binary(t)}},
		{"go vet -vettool", []string{"go", "vet", "-vettool=" + binary(t)}},
	} {
		t.Run(strings.ReplaceAll(mode.name, " ", "_"), func(t *testing.T) {
			cmd := append(mode.cmd[1:len(mode.cmd):len(mode.cmd)], "./...")
			r := runEnv(t, moduleEnv, dir, mode.cmd[0], cmd...)
			out := r.stdout + r.stderr
			if r.exit == 0 {
				t.Errorf("exit status 0 with findings:\n%s", out)
			}
			for _, want := range nolintNone {
				if !strings.Contains(out, want) {
					t.Errorf("the finding without //nolint %q is missing:\n%s", want, out)
				}
			}
			for _, s := range suppressed {
				if strings.Contains(out, s) {
					t.Errorf("the finding %q carries a //nolint for it and is reported:\n%s", s, out)
				}
			}

			cmd = append(mode.cmd[1:len(mode.cmd):len(mode.cmd)], "-ignoredirective.honor-nolint=false", "./...")
			r = runEnv(t, moduleEnv, dir, mode.cmd[0], cmd...)
			out = r.stdout + r.stderr
			for _, want := range append(suppressed, nolintNone...) {
				if !strings.Contains(out, want) {
					t.Errorf("-ignoredirective.honor-nolint=false: %q is not reported:\n%s", want, out)
				}
			}
		})
	}
}

func TestEveryFindingLinksToItsCategoryOnItsAnalyzersPage(t *testing.T) {
	dir := fixture(t, "nolint")
	r := runEnv(t, moduleEnv, dir, binary(t), "-sarif", "-ignoredirective.honor-nolint=false", "./...")
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID      string `json:"id"`
						HelpURI string `json:"helpUri"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID     string `json:"ruleId"`
				Properties *struct {
					Category string `json:"category"`
					HelpURI  string `json:"helpUri"`
				} `json:"properties"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil || len(log.Runs) != 1 {
		t.Fatalf("-sarif: %v (exit %d)\n%s%s", err, r.exit, r.stdout, r.stderr)
	}
	const docs = "https://github.com/dbpoollint/dbpoollint/blob/main/docs/"
	for _, rule := range log.Runs[0].Tool.Driver.Rules {
		if want := docs + rule.ID + ".md"; rule.HelpURI != want {
			t.Errorf("rule %s: helpUri %q, want %q", rule.ID, rule.HelpURI, want)
		}
	}
	results := log.Runs[0].Results
	if len(results) < 5 {
		t.Fatalf("%d results, want the 5 findings of the fixture", len(results))
	}
	for _, res := range results {
		if res.Properties == nil {
			t.Errorf("%s: a result without its category", res.RuleID)
			continue
		}
		if want := docs + res.RuleID + ".md#" + res.Properties.Category; res.Properties.HelpURI != want {
			t.Errorf("%s: helpUri %q, want %q", res.RuleID, res.Properties.HelpURI, want)
		}
	}
}
