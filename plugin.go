package dbpoollint

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/dbpoollint/dbpoollint/internal/ignore"
)

func init() {
	register.Plugin("dbpoollint", New)
}

// Settings configures the suite under golangci-lint:
//
//	linters:
//	  settings:
//	    custom:
//	      dbpoollint:
//	        type: module
//	        settings:
//	          disable: [singledb]
//	          maxopenzero:
//	            require-limit: true
//
// Disable lists analyzers to turn off. Every other key is an analyzer's name,
// and under it each key is one of that analyzer's flags, the same names the
// standalone binary takes as -<analyzer>.<flag>: flags and YAML settings are
// one namespace. Unknown analyzers and options are errors.
type Settings struct {
	Disable []string
	// Options holds each analyzer's options by analyzer name, then flag name,
	// values as written (bool, number, string, or a list joined with commas).
	Options map[string]map[string]any
}

// UnmarshalJSON decodes settings, keeping analyzer options as written.
func (s *Settings) UnmarshalJSON(data []byte) error {
	if string(bytes.TrimSpace(data)) == "null" {
		return nil
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	for key, val := range raw {
		if key == "disable" {
			if err := json.Unmarshal(val, &s.Disable); err != nil {
				return fmt.Errorf("disable: want a list of analyzer names: %w", err)
			}
			continue
		}
		var opts map[string]any
		if err := json.Unmarshal(val, &opts); err != nil {
			return fmt.Errorf("%s: want a map of the analyzer's options: %w", key, err)
		}
		if s.Options == nil {
			s.Options = make(map[string]map[string]any)
		}
		s.Options[key] = opts
	}
	return nil
}

// Apply sets the options on the analyzers' flags and returns the analyzers
// not disabled. It fails on an unknown analyzer or option, or a value the
// option's flag rejects.
func (s Settings) Apply(analyzers []*analysis.Analyzer) ([]*analysis.Analyzer, error) {
	byName := make(map[string]*analysis.Analyzer, len(analyzers))
	var names []string
	for _, a := range analyzers {
		byName[a.Name] = a
		names = append(names, a.Name)
	}
	for _, d := range s.Disable {
		if byName[d] == nil {
			return nil, fmt.Errorf("disable: unknown analyzer %q (analyzers: %s)", d, strings.Join(names, ", "))
		}
	}
	for _, name := range slices.Sorted(maps.Keys(s.Options)) {
		a := byName[name]
		if a == nil {
			return nil, fmt.Errorf("unknown setting %q: not \"disable\" nor an analyzer (analyzers: %s)", name, strings.Join(names, ", "))
		}
		for _, opt := range slices.Sorted(maps.Keys(s.Options[name])) {
			f := a.Flags.Lookup(opt)
			if f == nil {
				return nil, fmt.Errorf("%s: unknown option %q (options: %s)", name, opt, flagNames(&a.Flags))
			}
			val, err := flagValue(s.Options[name][opt])
			if err != nil {
				return nil, fmt.Errorf("%s.%s: %w", name, opt, err)
			}
			if err := f.Value.Set(val); err != nil {
				return nil, fmt.Errorf("%s.%s: %w", name, opt, err)
			}
		}
	}
	var kept []*analysis.Analyzer
	for _, a := range analyzers {
		if !slices.Contains(s.Disable, a.Name) {
			kept = append(kept, a)
		}
	}
	return kept, nil
}

// flagValue renders a YAML value as the flag's text.
func flagValue(v any) (string, error) {
	switch v := v.(type) {
	case bool:
		return strconv.FormatBool(v), nil
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), nil
	case string:
		return v, nil
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			s, err := flagValue(e)
			if err != nil {
				return "", err
			}
			parts[i] = s
		}
		return strings.Join(parts, ","), nil
	}
	return "", fmt.Errorf("unsupported value %v (%T)", v, v)
}

func flagNames(fs *flag.FlagSet) string {
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// New is the golangci-lint module plugin's constructor: it decodes settings
// and builds a fresh suite configured by them.
func New(settings any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[Settings](settings)
	if err != nil {
		return nil, fmt.Errorf("dbpoollint settings: %w", err)
	}
	analyzers, err := s.Apply(Analyzers())
	if err != nil {
		return nil, fmt.Errorf("dbpoollint settings: %w", err)
	}
	// A disabled analyzer does not run: the directive analyzer does not
	// judge its directives.
	JudgeOnly(analyzers, func(name string) bool { return !slices.Contains(s.Disable, name) })
	// golangci-lint applies bare //nolint and //nolint:dbpoollint itself.
	if len(analyzers) > 0 {
		ignore.LeaveOwnNolintToGolangciLint(analyzers[0])
	}
	return &plugin{analyzers: analyzers}, nil
}

type plugin struct {
	analyzers []*analysis.Analyzer
}

func (p *plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) { return p.analyzers, nil }

func (p *plugin) GetLoadMode() string { return register.LoadModeTypesInfo }
