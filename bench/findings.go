package main

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// finding is one diagnostic of a checker.
type finding struct {
	analyzer string // empty when parsed from text output
	category string
	posn     string // file:line:col as the driver prints it
	message  string
}

// parseJSON reads the -json output of an x/tools checker:
// {"<package id>": {"<analyzer>": [diagnostics] | {"error": "..."}}}.
// A file that belongs to a package and its test variant is reported once.
func parseJSON(data []byte) ([]finding, []string, error) {
	var tree map[string]map[string]json.RawMessage
	if err := json.Unmarshal(data, &tree); err != nil {
		return nil, nil, err
	}
	seen := map[string]bool{}
	var fs []finding
	var errs []string
	// Packages in order, so that a package comes before its test variant
	// ("p" < "p [p.test]") and the first copy of a finding is the same on
	// every run.
	for _, pkg := range slices.Sorted(maps.Keys(tree)) {
		byAnalyzer := tree[pkg]
		for _, analyzer := range slices.Sorted(maps.Keys(byAnalyzer)) {
			raw := byAnalyzer[analyzer]
			var diags []struct {
				Category string `json:"category"`
				Posn     string `json:"posn"`
				Message  string `json:"message"`
			}
			if err := json.Unmarshal(raw, &diags); err != nil {
				var e struct {
					Err string `json:"error"`
				}
				if err := json.Unmarshal(raw, &e); err != nil {
					return nil, nil, fmt.Errorf("%s/%s: %v", pkg, analyzer, err)
				}
				errs = append(errs, fmt.Sprintf("%s: %s: %s", pkg, analyzer, firstLine(e.Err)))
				continue
			}
			for _, d := range diags {
				f := finding{analyzer: analyzer, category: d.Category, posn: d.Posn, message: d.Message}
				if k := f.key(); !seen[k] {
					seen[k] = true
					fs = append(fs, f)
				}
			}
		}
	}
	sortFindings(fs)
	sort.Strings(errs)
	return fs, errs, nil
}

var textDiagRE = regexp.MustCompile(`(?m)^(\S.*\.go:\d+:\d+): (.*)$`)

// analyzerSuffixRE is the " (analyzer)" dbpoollint's text output ends a
// finding with.
var analyzerSuffixRE = regexp.MustCompile(` \(([a-z]+)\)$`)

// parseText reads the text output of a checker (dbpoollint's stdout), one diagnostic a
// line; a line whose message starts with a tab is the related information
// of the diagnostic above it. dbpoollint ends each message with the
// analyzer's name in parentheses: it is taken off the message (the peers
// print no name).
func parseText(out string) []finding {
	seen := map[string]bool{}
	var fs []finding
	for _, m := range textDiagRE.FindAllStringSubmatch(out, -1) {
		if strings.HasPrefix(m[2], "\t") {
			continue
		}
		f := finding{posn: m[1], message: m[2]}
		if s := analyzerSuffixRE.FindStringSubmatchIndex(f.message); s != nil {
			f.analyzer = f.message[s[2]:s[3]]
			f.message = f.message[:s[0]]
		}
		if k := f.key(); !seen[k] {
			seen[k] = true
			fs = append(fs, f)
		}
	}
	sortFindings(fs)
	return fs
}

// key identifies a finding across runs and output modes.
func (f finding) key() string { return f.posn + ": " + f.message }

func findingKeys(fs []finding) []string {
	var keys []string
	for _, f := range fs {
		keys = append(keys, f.key())
	}
	sort.Strings(keys)
	return slices.Compact(keys)
}

func diffKeys(a, b []string) (added, removed []string) {
	for _, k := range b {
		if _, ok := slices.BinarySearch(a, k); !ok {
			added = append(added, k)
		}
	}
	for _, k := range a {
		if _, ok := slices.BinarySearch(b, k); !ok {
			removed = append(removed, k)
		}
	}
	return added, removed
}

func sortFindings(fs []finding) {
	sort.Slice(fs, func(i, j int) bool {
		fi, li, ci := splitPosn(fs[i].posn)
		fj, lj, cj := splitPosn(fs[j].posn)
		if fi != fj {
			return fi < fj
		}
		if li != lj {
			return li < lj
		}
		if ci != cj {
			return ci < cj
		}
		if fs[i].analyzer != fs[j].analyzer {
			return fs[i].analyzer < fs[j].analyzer
		}
		return fs[i].message < fs[j].message
	})
}

// splitPosn splits "file:line:col".
func splitPosn(posn string) (file string, line, col int) {
	file = posn
	if i := strings.LastIndexByte(file, ':'); i >= 0 {
		col, _ = strconv.Atoi(file[i+1:])
		file = file[:i]
	}
	if i := strings.LastIndexByte(file, ':'); i >= 0 {
		line, _ = strconv.Atoi(file[i+1:])
		file = file[:i]
	}
	return file, line, col
}

// lineOf is the "file:line" a finding is on, for matching the tools.
func lineOf(posn string) string {
	file, line, _ := splitPosn(posn)
	return file + ":" + strconv.Itoa(line)
}

var (
	modCache = func() string {
		if out, err := goCmd(".", "env", "GOMODCACHE"); err == nil {
			return strings.TrimSpace(string(out))
		}
		return filepath.Join(os.Getenv("HOME"), "go", "pkg", "mod")
	}()
	goRoot = func() string {
		if out, err := goCmd(".", "env", "GOROOT"); err == nil {
			return strings.TrimSpace(string(out))
		}
		return ""
	}()
)

// shortPath makes a file name machine-independent: module@version/file for
// the module cache, GOROOT/src/... for the standard library.
func shortPath(posn string) string {
	if modCache != "" && strings.HasPrefix(posn, modCache+string(filepath.Separator)) {
		return unescapeModPath(strings.TrimPrefix(posn, modCache+string(filepath.Separator)))
	}
	if goRoot != "" && strings.HasPrefix(posn, goRoot+string(filepath.Separator)) {
		return "GOROOT/" + strings.TrimPrefix(posn, goRoot+string(filepath.Separator))
	}
	return posn
}

// unescapeModPath undoes the module cache's case encoding ("!a" is "A").
func unescapeModPath(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		if p[i] == '!' && i+1 < len(p) {
			i++
			b.WriteString(strings.ToUpper(p[i : i+1]))
			continue
		}
		b.WriteByte(p[i])
	}
	return b.String()
}
