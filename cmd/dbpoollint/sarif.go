package main

// SARIF 2.1.0 output (-sarif), for GitHub code scanning and other SARIF
// consumers.
//
// One rule per analyzer: the rule's id is the analyzer's name, the name
// users write in -<analyzer>=false, golangci-lint's disable list and
// //dbpoollint:ignore, and the unit code scanning filters and dismisses by.
// A finding's category (rows-not-closed, missing-context, ...) is finer
// than what users turn on and off, so it is a property of the result, with
// the URL of its own section of the documentation.

import (
	"encoding/json"
	"go/token"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/tools/go/analysis"
)

const (
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion = "2.1.0"
	srcRoot      = "%SRCROOT%"
	projectURL   = "https://github.com/dbpoollint/dbpoollint"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                   `json:"tool"`
	Invocations        []sarifInvocation           `json:"invocations"`
	OriginalURIBaseIDs map[string]sarifArtifactLoc `json:"originalUriBaseIds,omitempty"`
	ColumnKind         string                      `json:"columnKind"`
	Results            []sarifResult               `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name            string      `json:"name"`
	Version         string      `json:"version,omitempty"`
	SemanticVersion string      `json:"semanticVersion,omitempty"`
	InformationURI  string      `json:"informationUri"`
	Rules           []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string          `json:"id"`
	ShortDescription     sarifMessage    `json:"shortDescription"`
	FullDescription      sarifMessage    `json:"fullDescription"`
	Help                 sarifMessage    `json:"help"`
	HelpURI              string          `json:"helpUri,omitempty"`
	DefaultConfiguration sarifRuleConfig `json:"defaultConfiguration"`
}

type sarifRuleConfig struct {
	Level string `json:"level"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifInvocation struct {
	ExecutionSuccessful bool                `json:"executionSuccessful"`
	Notifications       []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level   string       `json:"level"`
	Message sarifMessage `json:"message"`
}

type sarifResult struct {
	RuleID           string           `json:"ruleId"`
	RuleIndex        int              `json:"ruleIndex"`
	Level            string           `json:"level"`
	Message          sarifMessage     `json:"message"`
	Locations        []sarifLocation  `json:"locations"`
	RelatedLocations []sarifLocation  `json:"relatedLocations,omitempty"`
	Properties       *sarifProperties `json:"properties,omitempty"`
}

type sarifProperties struct {
	Category string `json:"category"`
	HelpURI  string `json:"helpUri,omitempty"`
}

type sarifLocation struct {
	ID               *int                  `json:"id,omitempty"`
	PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
	Message          *sarifMessage         `json:"message,omitempty"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLoc `json:"artifactLocation"`
	Region           sarifRegion      `json:"region"`
}

type sarifArtifactLoc struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
}

// writeSARIF writes the findings (of r, once each: see collect) as one
// SARIF run whose rules are the analyzers that ran. File locations are relative to the working directory
// (%SRCROOT%), as code scanning expects them from the repository root.
func writeSARIF(w io.Writer, r *outcome, analyzers []*analysis.Analyzer, findings []*finding) error {
	wd, err := os.Getwd()
	if err != nil {
		return err
	}
	s := &sarifWriter{wd: wd, lines: make(map[string][]string)}
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:           "dbpoollint",
			InformationURI: projectURL,
		}},
		OriginalURIBaseIDs: map[string]sarifArtifactLoc{srcRoot: {URI: dirURI(wd)}},
		ColumnKind:         "utf16CodeUnits",
		Results:            []sarifResult{},
	}
	run.Tool.Driver.Version = semver()
	run.Tool.Driver.SemanticVersion = semver()
	ruleIndex := make(map[*analysis.Analyzer]int)
	for i, a := range analyzers {
		ruleIndex[a] = i
		_, body, _ := strings.Cut(a.Doc, "\n\n")
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{
			ID:                   a.Name,
			ShortDescription:     sarifMessage{title(a)},
			FullDescription:      sarifMessage{description(a, body)},
			Help:                 sarifMessage{strings.TrimSpace(body)},
			HelpURI:              a.URL,
			DefaultConfiguration: sarifRuleConfig{Level: "warning"},
		})
	}
	inv := sarifInvocation{ExecutionSuccessful: !r.failed}
	for _, p := range r.problems {
		inv.Notifications = append(inv.Notifications, sarifNotification{Level: "error", Message: sarifMessage{p}})
	}
	run.Invocations = []sarifInvocation{inv}

	for _, f := range findings {
		d := f.diag
		res := sarifResult{
			RuleID:    f.analyzer.Name,
			RuleIndex: ruleIndex[f.analyzer],
			Level:     "warning",
			Message:   sarifMessage{d.Message},
			Locations: []sarifLocation{{PhysicalLocation: s.location(f.fset, d.Pos, d.End)}},
		}
		if d.Category != "" {
			res.Properties = &sarifProperties{Category: d.Category, HelpURI: d.URL}
		}
		for i, rel := range d.Related {
			id := i + 1
			res.RelatedLocations = append(res.RelatedLocations, sarifLocation{
				ID:               &id,
				PhysicalLocation: s.location(f.fset, rel.Pos, rel.End),
				Message:          &sarifMessage{rel.Message},
			})
		}
		run.Results = append(run.Results, res)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}})
}

type sarifWriter struct {
	wd    string
	lines map[string][]string // file -> its lines, for UTF-16 columns
}

// location returns the SARIF location of pos..end.
func (s *sarifWriter) location(fset *token.FileSet, pos, end token.Pos) sarifPhysicalLocation {
	start := fset.Position(pos)
	loc := sarifPhysicalLocation{ArtifactLocation: s.artifact(start.Filename)}
	loc.Region = sarifRegion{StartLine: max(start.Line, 1), StartColumn: s.column(start)}
	if e := fset.Position(end); end.IsValid() && e.Filename == start.Filename && e.Line >= start.Line {
		loc.Region.EndLine, loc.Region.EndColumn = e.Line, s.column(e)
	}
	return loc
}

// artifact names a file relative to %SRCROOT%, or by an absolute file URI
// when it is outside the working directory.
func (s *sarifWriter) artifact(file string) sarifArtifactLoc {
	if rel, err := filepath.Rel(s.wd, file); err == nil && filepath.IsLocal(rel) {
		return sarifArtifactLoc{URI: (&url.URL{Path: filepath.ToSlash(rel)}).String(), URIBaseID: srcRoot}
	}
	return sarifArtifactLoc{URI: (&url.URL{Scheme: "file", Path: filepath.ToSlash(file)}).String()}
}

// column converts a position's byte column to SARIF's default, UTF-16 code
// units (1-based), reading the file once.
func (s *sarifWriter) column(p token.Position) int {
	if p.Column <= 0 {
		return 0
	}
	lines, ok := s.lines[p.Filename]
	if !ok {
		data, _ := os.ReadFile(p.Filename)
		lines = strings.Split(string(data), "\n")
		s.lines[p.Filename] = lines
	}
	if p.Line < 1 || p.Line > len(lines) || p.Column-1 > len(lines[p.Line-1]) {
		return p.Column
	}
	prefix := lines[p.Line-1][:p.Column-1]
	if !utf8.ValidString(prefix) {
		return p.Column
	}
	return len(utf16.Encode([]rune(prefix))) + 1
}

// description returns the first paragraph of an analyzer's documentation
// body, on one line (a colon introducing an example made a period), or the
// title if there is none.
func description(a *analysis.Analyzer, body string) string {
	first, _, _ := strings.Cut(strings.TrimSpace(body), "\n\n")
	first = strings.Join(strings.Fields(first), " ")
	if first == "" {
		return title(a)
	}
	if s, ok := strings.CutSuffix(first, ":"); ok {
		first = s + "."
	}
	return first
}

// dirURI is the file URI of directory dir, ending with a slash as SARIF
// requires of a base URI.
func dirURI(dir string) string {
	return (&url.URL{Scheme: "file", Path: strings.TrimSuffix(filepath.ToSlash(dir), "/") + "/"}).String()
}
