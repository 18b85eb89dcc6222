package main

// The configuration file, .dbpoollint.json: what the standalone driver, go
// vet -vettool and the pre-commit hooks read, where golangci-lint users have
// their .golangci.yml.
//
//	{
//	  "disable": ["singledb"],
//	  "maxopenzero": {"require-limit": true},
//	  "exclude": ["internal/gen/**", "**/*_mock.go"],
//	  "baseline": ".dbpoollint-baseline.json"
//	}
//
// "enable" (only these analyzers) or "disable" (all but these), each
// analyzer's options under its name (the names of the -<analyzer>.<option>
// flags and of golangci-lint's settings), "exclude" (globs of files, relative
// to the file's directory, whose findings are dropped; ** matches any number
// of directories, a pattern matching a directory excludes what is under it)
// and "baseline" (the -baseline file, relative to the file's directory).
//
// JSON because the standard library reads it: the root module takes no new
// dependency (golangci-lint's plugin build compiles it), and the settings
// are golangci-lint's, written in JSON.
//
// The file is found by walking up from the working directory (under go vet,
// from the package's directory) to the directory holding go.mod; -config
// names another one, -config=none none. Flags on the command line win over
// the file: its settings become flags placed before the command line's.

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/dbpoollint/dbpoollint"
)

// configName is the configuration file's name.
const configName = ".dbpoollint.json"

// A config is a configuration file, read.
type config struct {
	file     string   // its path
	dir      string   // its directory: excludes and baseline are relative to it
	args     []string // its analyzer settings, as flags
	exclude  []string // globs, slash-separated
	baseline string   // absolute, or ""
}

// findConfig returns the configuration file that applies to dir: the first
// .dbpoollint.json in dir or a parent, stopping at the directory that holds
// go.mod; "" if there is none.
func findConfig(dir string) string {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for {
		file := filepath.Join(dir, configName)
		if fi, err := os.Stat(file); err == nil && fi.Mode().IsRegular() {
			return file
		}
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return ""
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// loadConfig reads the configuration file and checks it against the suite.
func loadConfig(file string) (*config, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return nil, err
	}
	c := &config{file: file, dir: filepath.Dir(abs)}
	if err := c.parse(data); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return c, nil
}

func (c *config) parse(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var raw map[string]json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return err
	}
	as := dbpoollint.Analyzers()
	byName := make(map[string]*analysis.Analyzer)
	var names []string
	for _, a := range as {
		byName[a.Name] = a
		names = append(names, a.Name)
	}
	list := func(key string) ([]string, error) {
		var l []string
		if val, ok := raw[key]; ok {
			if err := json.Unmarshal(val, &l); err != nil {
				return nil, fmt.Errorf("%s: want a list of strings", key)
			}
		}
		return l, nil
	}
	enable, err1 := list("enable")
	disable, err2 := list("disable")
	exclude, err3 := list("exclude")
	if err := errors.Join(err1, err2, err3); err != nil {
		return err
	}
	if len(enable) > 0 && len(disable) > 0 {
		return errors.New(`"enable" (only these analyzers) and "disable" (all but these) exclude each other: use one`)
	}
	for _, name := range append(slices.Clone(enable), disable...) {
		if byName[name] == nil {
			return fmt.Errorf("unknown analyzer %q (analyzers: %s)", name, strings.Join(names, ", "))
		}
	}
	for _, name := range enable {
		c.args = append(c.args, "-"+name)
	}
	for _, name := range disable {
		c.args = append(c.args, "-"+name+"=false")
	}
	for _, g := range exclude {
		if _, err := path.Match(g, ""); err != nil || g == "" {
			return fmt.Errorf("exclude: bad pattern %q", g)
		}
		c.exclude = append(c.exclude, strings.TrimPrefix(path.Clean(filepath.ToSlash(g)), "./"))
	}
	if val, ok := raw["baseline"]; ok {
		var b string
		if err := json.Unmarshal(val, &b); err != nil || b == "" {
			return errors.New("baseline: want a file name")
		}
		c.baseline = filepath.Join(c.dir, filepath.FromSlash(b))
	}
	for _, key := range slices.Sorted(maps.Keys(raw)) {
		switch key {
		case "enable", "disable", "exclude", "baseline":
			continue
		}
		a := byName[key]
		if a == nil {
			return fmt.Errorf("unknown key %q: not enable, disable, exclude, baseline nor an analyzer (analyzers: %s)", key, strings.Join(names, ", "))
		}
		var opts map[string]any
		d := json.NewDecoder(bytes.NewReader(raw[key]))
		d.UseNumber()
		if err := d.Decode(&opts); err != nil {
			return fmt.Errorf("%s: want an object of the analyzer's options", key)
		}
		for _, opt := range slices.Sorted(maps.Keys(opts)) {
			fl := a.Flags.Lookup(opt)
			if fl == nil {
				var known []string
				a.Flags.VisitAll(func(f *flag.Flag) { known = append(known, f.Name) })
				return fmt.Errorf("%s: unknown option %q (options: %s)", key, opt, strings.Join(known, ", "))
			}
			val, err := optionText(opts[opt])
			if err == nil {
				err = fl.Value.Set(val) // checked on a scratch suite
			}
			if err != nil {
				return fmt.Errorf("%s.%s: %w", key, opt, err)
			}
			c.args = append(c.args, "-"+key+"."+opt+"="+val)
		}
	}
	return nil
}

// optionText renders a JSON value as a flag's text: a list is joined with
// commas, as the flags that take lists read them.
func optionText(v any) (string, error) {
	switch v := v.(type) {
	case bool:
		return strconv.FormatBool(v), nil
	case json.Number:
		return v.String(), nil
	case string:
		return v, nil
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			s, err := optionText(e)
			if err != nil {
				return "", err
			}
			parts[i] = s
		}
		return strings.Join(parts, ","), nil
	}
	return "", fmt.Errorf("unsupported value %v", v)
}

// excluded reports whether findings in file are dropped.
func (c *config) excluded(file string) bool {
	if c == nil || len(c.exclude) == 0 {
		return false
	}
	rel, err := filepath.Rel(c.dir, file)
	if err != nil || !filepath.IsLocal(rel) {
		return false
	}
	segs := strings.Split(filepath.ToSlash(rel), "/")
	for _, g := range c.exclude {
		pat := strings.Split(g, "/")
		// The file, or a directory it is under.
		for n := len(segs); n >= 1; n-- {
			if globMatch(pat, segs[:n]) {
				return true
			}
		}
	}
	return false
}

// globMatch matches path segments against pattern segments, where a "**"
// segment matches any number of segments.
func globMatch(pat, segs []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			for i := 0; i <= len(segs); i++ {
				if globMatch(pat[1:], segs[i:]) {
					return true
				}
			}
			return false
		}
		if len(segs) == 0 {
			return false
		}
		if ok, _ := path.Match(pat[0], segs[0]); !ok {
			return false
		}
		pat, segs = pat[1:], segs[1:]
	}
	return len(segs) == 0
}

// dropExcluded makes the analyzers drop the findings in files the
// configuration excludes, under every driver: standalone, go vet and the
// fixer (which so fixes nothing there).
func dropExcluded(as []*analysis.Analyzer, c *config) {
	if c == nil || len(c.exclude) == 0 {
		return
	}
	for _, a := range as {
		run := a.Run
		a.Run = func(pass *analysis.Pass) (any, error) {
			report := pass.Report
			sub := *pass
			sub.Report = func(d analysis.Diagnostic) {
				if !c.excluded(pass.Fset.Position(d.Pos).Filename) {
					report(d)
				}
			}
			return run(&sub)
		}
	}
}
