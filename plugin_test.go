package dbpoollint

import (
	"slices"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/dbpoollint/dbpoollint/internal/ignore"
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
