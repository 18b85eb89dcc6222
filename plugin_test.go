package dbpoollint

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/dbpoollint/dbpoollint/internal/ignore"
	"github.com/dbpoollint/dbpoollint/internal/testroot"
)

func build(t *testing.T, settings any) []*analysis.Analyzer {
	t.Helper()
	p, err := New(settings)
	if err != nil {
		t.Fatalf("New(%v): %v", settings, err)
	}
	if got := p.GetLoadMode(); got != register.LoadModeTypesInfo {
		t.Errorf("load mode %q, want %q", got, register.LoadModeTypesInfo)
	}
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	return as
}

func names(as []*analysis.Analyzer) []string {
	var ns []string
	for _, a := range as {
		ns = append(ns, a.Name)
	}
	return ns
}

func TestPluginIsRegisteredUnderDbpoollint(t *testing.T) {
	if _, err := register.GetPlugin("dbpoollint"); err != nil {
		t.Fatal(err)
	}
}

func TestPluginWithoutSettingsRunsTheWholeSuite(t *testing.T) {
	got := strings.Join(names(build(t, nil)), ",")
	want := strings.Join(names(Analyzers()), ",")
	if got != want {
		t.Errorf("analyzers %s, want %s", got, want)
	}
	if err := analysis.Validate(Analyzers()); err != nil {
		t.Fatal(err)
	}
}

func TestDisableDropsAnalyzers(t *testing.T) {
	as := build(t, map[string]any{"disable": []any{"maxopenzero", "sqlrowserr"}})
	for _, n := range names(as) {
		if n == "maxopenzero" || n == "sqlrowserr" {
			t.Errorf("%s still enabled", n)
		}
	}
	if len(as) != len(Analyzers())-2 {
		t.Errorf("got %d analyzers, want %d", len(as), len(Analyzers())-2)
	}
}

func TestOptionsSetTheAnalyzersOwnFlagsOnThisInstanceOnly(t *testing.T) {
	as := build(t, map[string]any{"maxopenzero": map[string]any{"require-limit": true}})
	flagOf := func(as []*analysis.Analyzer) string {
		for _, a := range as {
			if a.Name == "maxopenzero" {
				return a.Flags.Lookup("require-limit").Value.String()
			}
		}
		t.Fatal("no maxopenzero")
		return ""
	}
	if got := flagOf(as); got != "true" {
		t.Errorf("require-limit = %s, want true", got)
	}
	if got := flagOf(build(t, nil)); got != "false" {
		t.Errorf("a second plugin instance sees require-limit = %s: instances share state", got)
	}
}

func TestBadSettingsAreClearErrors(t *testing.T) {
	for _, tc := range []struct {
		settings any
		want     string
	}{
		{map[string]any{"maxopenzeroo": map[string]any{}}, `unknown setting "maxopenzeroo": not "disable" nor an analyzer`},
		{map[string]any{"maxopenzero": map[string]any{"require-limits": true}}, `maxopenzero: unknown option "require-limits" (options: require-lifetime, require-limit, tests)`},
		{map[string]any{"maxopenzero": map[string]any{"require-limit": "maybe"}}, `maxopenzero.require-limit: parse error`},
		{map[string]any{"maxopenzero": true}, `maxopenzero: want a map of the analyzer's options`},
		{map[string]any{"disable": []any{"nosuch"}}, `disable: unknown analyzer "nosuch"`},
		{map[string]any{"disable": "maxopenzero"}, `disable: want a list of analyzer names`},
	} {
		_, err := New(tc.settings)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New(%v) = %v, want an error containing %q", tc.settings, err, tc.want)
		}
	}
}

func TestDisabledAnalyzersAreNotJudgedByTheDirectiveAnalyzer(t *testing.T) {
	as := build(t, map[string]any{"disable": []any{"rowsclose"}})
	directive := as[len(as)-1]
	if directive.Name != ignore.Name {
		t.Fatalf("last analyzer %s, want %s", directive.Name, ignore.Name)
	}
	judged := names(ignore.Judged(directive))
	if slices.Contains(judged, "rowsclose") || !slices.Contains(judged, "ctxquery") {
		t.Errorf("with rowsclose disabled, the directive analyzer judges %v", judged)
	}
}

// exampleSettings reads the plugin's settings block of .golangci.example.yml
// (the "settings:" under "dbpoollint:"): its options by key, values as
// written, and its comments, in order.
func exampleSettings(t *testing.T) (options map[string]map[string]string, disable string, comments []string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(testroot.Dir(), ".golangci.example.yml"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	indent := func(l string) int { return len(l) - len(strings.TrimLeft(l, " ")) }
	start := -1
	for i, l := range lines {
		if strings.TrimSpace(l) == "dbpoollint:" && indent(l) > 0 {
			for j := i + 1; j < len(lines) && start < 0; j++ {
				if strings.TrimSpace(lines[j]) == "settings:" {
					start = j
				}
			}
			break
		}
	}
	if start < 0 {
		t.Fatal(".golangci.example.yml: no settings block under dbpoollint")
	}
	base := indent(lines[start])
	options = make(map[string]map[string]string)
	var analyzer string
	for _, l := range lines[start+1:] {
		text := strings.TrimSpace(l)
		if text == "" {
			continue
		}
		if indent(l) <= base {
			break
		}
		if strings.HasPrefix(text, "#") {
			comments = append(comments, strings.TrimSpace(strings.TrimPrefix(text, "#")))
			continue
		}
		key, value, _ := strings.Cut(text, ":")
		value = strings.TrimSpace(value)
		switch indent(l) {
		case base + 2:
			if key == "disable" {
				disable = value
				continue
			}
			analyzer = key
			options[analyzer] = make(map[string]string)
		case base + 4:
			options[analyzer][key] = value
		default:
			t.Errorf(".golangci.example.yml: unexpected line in the settings: %q", l)
		}
	}
	return options, disable, comments
}

// The example shows every setting, with its default: every option of every
// analyzer, and every analyzer in the comment of disable.
func TestTheExampleConfigShowsEverySettingWithItsDefault(t *testing.T) {
	options, disable, comments := exampleSettings(t)
	text := strings.Join(comments, " ")
	if disable != "[]" {
		t.Errorf("disable: %s, want [] (nothing turned off)", disable)
	}
	settings := map[string]any{"disable": []any{}}
	for _, a := range Analyzers() {
		if !strings.Contains(text, a.Name) {
			t.Errorf("the comments of the settings never name %s (the disable list names every analyzer, and one without options says so)", a.Name)
		}
		n := 0
		a.Flags.VisitAll(func(f *flag.Flag) {
			n++
			v, ok := options[a.Name][f.Name]
			switch {
			case !ok:
				t.Errorf("%s.%s is not shown", a.Name, f.Name)
			case v != f.DefValue && !(v == "[]" && f.DefValue == ""):
				t.Errorf("%s.%s is shown as %s, want its default %q", a.Name, f.Name, v, f.DefValue)
			}
		})
		if n > 0 {
			opts := make(map[string]any)
			for k, v := range options[a.Name] {
				switch v {
				case "true", "false":
					opts[k] = v == "true"
				case "[]":
					opts[k] = []any{}
				default:
					opts[k] = v
				}
			}
			settings[a.Name] = opts
		}
	}
	for name := range options {
		if !slices.Contains(names(Analyzers()), name) {
			t.Errorf("settings for %s, which is no analyzer of the suite", name)
		}
	}
	if _, err := New(settings); err != nil {
		t.Errorf("the example's settings: %v", err)
	}
	// Each comment line of the disable list, up to the line of disable.
	if i := slices.IndexFunc(comments, func(c string) bool { return strings.HasPrefix(c, "Analyzers to turn off") }); i < 0 {
		t.Error("no comment lists the analyzers to turn off")
	} else {
		list := comments[i] + " " + comments[i+1]
		for _, a := range Analyzers() {
			if !strings.Contains(list, a.Name) {
				t.Errorf("the disable comment omits %s: %q", a.Name, list)
			}
		}
	}
}

// Under golangci-lint, //nolint naming every linter or dbpoollint is
// golangci-lint's to apply; //nolint:sqlclosecheck and the others are the
// suite's, and ignoredirective.honor-nolint turns them off.
func TestThePluginLeavesOwnNolintToGolangciLintAndTakesHonorNolint(t *testing.T) {
	own := func(as []*analysis.Analyzer) (string, string) {
		set := ignore.DirectivesOf(as[len(as)-1]).Flags
		return set.Lookup("honor-nolint").Value.String(), set.Lookup("honor-own-nolint").Value.String()
	}
	if nolint, bare := own(build(t, nil)); nolint != "true" || bare != "false" {
		t.Errorf("plugin: honor-nolint=%s honor-own-nolint=%s, want true and false", nolint, bare)
	}
	if nolint, bare := own(Analyzers()); nolint != "true" || bare != "true" {
		t.Errorf("standalone: honor-nolint=%s honor-own-nolint=%s, want true and true", nolint, bare)
	}
	as := build(t, map[string]any{"ignoredirective": map[string]any{"honor-nolint": false}})
	if nolint, _ := own(as); nolint != "false" {
		t.Errorf("ignoredirective: {honor-nolint: false}: the suite's directive set has honor-nolint=%s", nolint)
	}
}
