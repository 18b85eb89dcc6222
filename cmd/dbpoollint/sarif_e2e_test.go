package main

// End-to-end test of -sarif: the document is SARIF 2.1.0 as GitHub code
// scanning takes it (checked against the requirements of the SARIF 2.1.0
// schema and of code scanning that the output uses), one rule per analyzer
// with its help URL, and every finding of -json as a result.

import (
	"bytes"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/dbpoollint/dbpoollint"
	"github.com/dbpoollint/dbpoollint/internal/testroot"
)

var semverRE = regexp.MustCompile(`^\d+\.\d+\.\d+$`)

// The SARIF 2.1.0 objects the binary writes, with only the properties the
// schema defines for them: decoding with DisallowUnknownFields rejects a
// misspelled or misplaced property.
type (
	sarifDoc struct {
		Schema  string `json:"$schema"`
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name            string `json:"name"`
					Version         string `json:"version"`
					SemanticVersion string `json:"semanticVersion"`
					InformationURI  string `json:"informationUri"`
					Rules           []struct {
						ID                   string         `json:"id"`
						ShortDescription     sarifTextCheck `json:"shortDescription"`
						FullDescription      sarifTextCheck `json:"fullDescription"`
						Help                 sarifTextCheck `json:"help"`
						HelpURI              string         `json:"helpUri"`
						DefaultConfiguration struct {
							Level string `json:"level"`
						} `json:"defaultConfiguration"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Invocations []struct {
				ExecutionSuccessful *bool `json:"executionSuccessful"`
				Notifications       []struct {
					Level   string         `json:"level"`
					Message sarifTextCheck `json:"message"`
				} `json:"toolExecutionNotifications"`
			} `json:"invocations"`
			OriginalURIBaseIDs map[string]struct {
				URI string `json:"uri"`
			} `json:"originalUriBaseIds"`
			ColumnKind string           `json:"columnKind"`
			Results    *[]sarifResCheck `json:"results"`
		} `json:"runs"`
	}
	sarifTextCheck struct {
		Text string `json:"text"`
	}
	sarifResCheck struct {
		RuleID           string          `json:"ruleId"`
		RuleIndex        *int            `json:"ruleIndex"`
		Level            string          `json:"level"`
		Message          sarifTextCheck  `json:"message"`
		Locations        []sarifLocCheck `json:"locations"`
		RelatedLocations []sarifLocCheck `json:"relatedLocations"`
		Properties       *struct {
			Category string `json:"category"`
			HelpURI  string `json:"helpUri"`
		} `json:"properties"`
	}
	sarifLocCheck struct {
		ID               *int `json:"id"`
		PhysicalLocation struct {
			ArtifactLocation struct {
				URI       string `json:"uri"`
				URIBaseID string `json:"uriBaseId"`
			} `json:"artifactLocation"`
			Region struct {
				StartLine   int `json:"startLine"`
				StartColumn int `json:"startColumn"`
				EndLine     int `json:"endLine"`
				EndColumn   int `json:"endColumn"`
			} `json:"region"`
		} `json:"physicalLocation"`
		Message *sarifTextCheck `json:"message"`
	}
)

var sarifLevels = []string{"none", "note", "warning", "error"}

// checkSARIF decodes and validates a SARIF document written in dir, and
// returns its results.
func checkSARIF(t *testing.T, dir string, out []byte) (sarifDoc, []sarifResCheck) {
	t.Helper()
	var doc sarifDoc
	dec := json.NewDecoder(bytes.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("not the SARIF the binary should write: %v\n%s", err, out)
	}
	if doc.Version != "2.1.0" || doc.Schema != "https://json.schemastore.org/sarif-2.1.0.json" || len(doc.Runs) != 1 {
		t.Fatalf("version %q, $schema %q, %d runs; want 2.1.0, the 2.1.0 schema, one run", doc.Version, doc.Schema, len(doc.Runs))
	}
	run := doc.Runs[0]
	if run.Tool.Driver.Name != "dbpoollint" || !absoluteURL(run.Tool.Driver.InformationURI) {
		t.Errorf("driver %q, informationUri %q", run.Tool.Driver.Name, run.Tool.Driver.InformationURI)
	}
	// Code scanning shows the tool's version: a number, here the version
	// this checkout will be released as.
	if d := run.Tool.Driver; !semverRE.MatchString(d.Version) || d.SemanticVersion != d.Version {
		t.Errorf("driver version %q, semanticVersion %q: want the same X.Y.Z", d.Version, d.SemanticVersion)
	}
	if run.Results == nil {
		t.Fatal("no results array: code scanning requires one, empty or not")
	}
	if run.ColumnKind != "utf16CodeUnits" && run.ColumnKind != "unicodeCodePoints" {
		t.Errorf("columnKind %q", run.ColumnKind)
	}
	if len(run.Invocations) != 1 || run.Invocations[0].ExecutionSuccessful == nil {
		t.Errorf("want one invocation with executionSuccessful: %+v", run.Invocations)
	}
	base, ok := run.OriginalURIBaseIDs["%SRCROOT%"]
	if !ok || !strings.HasPrefix(base.URI, "file:///") || !strings.HasSuffix(base.URI, "/") {
		t.Errorf("originalUriBaseIds: %+v, want %%SRCROOT%% as a file URI ending with /", run.OriginalURIBaseIDs)
	}
	ids := make(map[string]int)
	for i, r := range run.Tool.Driver.Rules {
		if _, dup := ids[r.ID]; dup || r.ID == "" {
			t.Errorf("rule %d: id %q empty or not unique", i, r.ID)
		}
		ids[r.ID] = i
		if r.ShortDescription.Text == "" || r.FullDescription.Text == "" || !absoluteURL(r.HelpURI) || !slices.Contains(sarifLevels, r.DefaultConfiguration.Level) {
			t.Errorf("rule %s: %+v", r.ID, r)
		}
		// The short description is the one-line title, the full one says
		// more.
		if short, full := r.ShortDescription.Text, r.FullDescription.Text; strings.Contains(short, "\n") || full == short || strings.HasSuffix(full, ":") {
			t.Errorf("rule %s: shortDescription %q, fullDescription %q: want the title, then more", r.ID, short, full)
		}
	}
	checkLoc := func(what string, l sarifLocCheck) {
		a := l.PhysicalLocation.ArtifactLocation
		u, err := url.Parse(a.URI)
		if err != nil || u.Scheme != "" || a.URIBaseID != "%SRCROOT%" || strings.HasPrefix(a.URI, "/") {
			t.Errorf("%s: artifactLocation %+v, want a relative URI under %%SRCROOT%%", what, a)
		} else if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(u.Path))); err != nil {
			t.Errorf("%s: %v", what, err)
		}
		reg := l.PhysicalLocation.Region
		// endLine defaults to startLine, endColumn to the end of the line.
		if reg.StartLine < 1 || reg.StartColumn < 1 || (reg.EndLine != 0 && reg.EndLine < reg.StartLine) ||
			(reg.EndLine == reg.StartLine && reg.EndColumn != 0 && reg.EndColumn < reg.StartColumn) {
			t.Errorf("%s: region %+v", what, reg)
		}
	}
	for _, res := range *run.Results {
		i, ok := ids[res.RuleID]
		if !ok || res.RuleIndex == nil || *res.RuleIndex != i {
			t.Errorf("result %q: ruleId %q, ruleIndex %v: not a rule of the driver", res.Message.Text, res.RuleID, res.RuleIndex)
		}
		if !slices.Contains(sarifLevels, res.Level) || res.Message.Text == "" || len(res.Locations) != 1 {
			t.Errorf("result %+v", res)
		}
		for _, l := range res.Locations {
			checkLoc(res.Message.Text, l)
		}
		seen := make(map[int]bool)
		for _, l := range res.RelatedLocations {
			if l.ID == nil || *l.ID < 0 || seen[*l.ID] || l.Message == nil {
				t.Errorf("%s: related location %+v: want a unique id and a message", res.Message.Text, l)
			}
			if l.ID != nil {
				seen[*l.ID] = true
			}
			checkLoc(res.Message.Text, l)
		}
	}
	return doc, *run.Results
}

func absoluteURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.IsAbs() && u.Host != ""
}

func TestSARIFHasOneRulePerAnalyzerAndEveryFinding(t *testing.T) {
	t.Parallel()
	root := testroot.Dir()
	r := run(t, root, binary(t), "-sarif", "./examples/...")
	if r.exit != 0 {
		t.Fatalf("-sarif: exit %d, want 0\n%s", r.exit, r.stderr)
	}
	doc, results := checkSARIF(t, root, []byte(r.stdout))
	var rules []string
	for _, rule := range doc.Runs[0].Tool.Driver.Rules {
		rules = append(rules, rule.ID+" "+rule.HelpURI)
	}
	var want []string
	for _, a := range dbpoollint.Analyzers() {
		want = append(want, a.Name+" "+a.URL)
	}
	if !slices.Equal(rules, want) {
		t.Errorf("rules (id helpUri):\n%s\nwant one per analyzer:\n%s", strings.Join(rules, "\n"), strings.Join(want, "\n"))
	}

	// Every finding of -json, with its category and the category's
	// documentation.
	type finding struct{ rule, category, message string }
	var got, fromJSON []finding
	for _, res := range results {
		f := finding{rule: res.RuleID, message: res.Message.Text}
		if res.Properties != nil {
			f.category = res.Properties.Category
			if want := "https://github.com/dbpoollint/dbpoollint/blob/main/docs/" + f.rule + ".md#" + f.category; res.Properties.HelpURI != want {
				t.Errorf("%s: category help %q, want %s", f.message, res.Properties.HelpURI, want)
			}
		}
		got = append(got, f)
	}
	for analyzer, diags := range runJSON(t, "./examples/...")["github.com/dbpoollint/dbpoollint/examples/incident"] {
		for _, d := range diags {
			fromJSON = append(fromJSON, finding{analyzer, d.Category, d.Message})
		}
	}
	cmp := func(a, b finding) int { return strings.Compare(a.rule+a.message, b.rule+b.message) }
	slices.SortFunc(got, cmp)
	slices.SortFunc(fromJSON, cmp)
	if len(fromJSON) == 0 || !slices.Equal(got, fromJSON) {
		t.Errorf("SARIF results:\n%v\nwant the findings of -json:\n%v", got, fromJSON)
	}
}

func TestSARIFOfCleanCodeHasAnEmptyResultsArray(t *testing.T) {
	t.Parallel()
	dir := fixture(t, "clean")
	r := runEnv(t, moduleEnv, dir, binary(t), "-sarif", "./...")
	if r.exit != 0 || r.stderr != "" {
		t.Fatalf("-sarif on clean code: exit %d\n%s", r.exit, r.stderr)
	}
	if !strings.Contains(r.stdout, `"results": []`) {
		t.Errorf("no empty results array:\n%s", r.stdout)
	}
	if _, results := checkSARIF(t, dir, []byte(r.stdout)); len(results) != 0 {
		t.Errorf("results on clean code: %+v", results)
	}
}
