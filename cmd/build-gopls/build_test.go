package main

import (
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dbpoollint/dbpoollint/internal/testroot"
)

func TestHookIsFormattedGoOfGoplsSettingsPackageWithTheOptions(t *testing.T) {
	src := hookSource(map[string]map[string]string{"maxopenzero": {"require-limit": "true"}})
	formatted, err := format.Source([]byte(src))
	if err != nil {
		t.Fatalf("hook does not parse: %v\n%s", err, src)
	}
	if string(formatted) != src {
		t.Errorf("hook is not gofmt-formatted:\n%s", src)
	}
	f, err := parser.ParseFile(token.NewFileSet(), HookFile, src, parser.ImportsOnly|parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	if f.Name.Name != "settings" {
		t.Errorf("hook is package %s, want settings", f.Name.Name)
	}
	if !strings.HasPrefix(src, "// Code generated ") || !strings.Contains(src, "DO NOT EDIT.") {
		t.Errorf("hook lacks the generated-code header")
	}
	if !strings.Contains(src, `"maxopenzero": {"require-limit": "true"},`) {
		t.Errorf("hook lacks the baked option:\n%s", src)
	}
	if empty := hookSource(nil); !strings.Contains(empty, "map[string]map[string]string{\n}") {
		t.Errorf("hook without options:\n%s", empty)
	}
}

func TestSetOptionIsCheckedAgainstTheSuite(t *testing.T) {
	opts := make(map[string]map[string]string)
	if err := parseOption(opts, "maxopenzero.require-limit=true"); err != nil {
		t.Fatal(err)
	}
	if opts["maxopenzero"]["require-limit"] != "true" {
		t.Errorf("option not recorded: %v", opts)
	}
	for s, want := range map[string]string{
		"maxopenzero.require-limits=true": `analyzer maxopenzero has no option "require-limits" (options: require-lifetime, require-limit, tests)`,
		"nosuch.x=1":                      `no analyzer "nosuch" (analyzers: maxopenzero,`,
		"maxopenzero.require-limit=maybe": "parse error",
		"maxopenzero=true":                "want analyzer.flag=value",
		"maxopenzero.require-limit":       "want analyzer.flag=value",
	} {
		err := parseOption(opts, s)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("-set %s: error %v, want one containing %q", s, err, want)
		}
	}
}

func TestAppendSumsAddsOnlyMissingLines(t *testing.T) {
	dir := t.TempDir()
	dst, src := filepath.Join(dir, "dst.sum"), filepath.Join(dir, "src.sum")
	os.WriteFile(dst, []byte("a v1 h1:x\nb v1 h1:y"), 0o644)
	os.WriteFile(src, []byte("b v1 h1:y\nc v1 h1:z\n\nc v1 h1:z\n"), 0o644)
	if err := appendSums(dst, src); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(dst)
	if want := "a v1 h1:x\nb v1 h1:y\nc v1 h1:z\n"; string(got) != want {
		t.Errorf("go.sum is\n%s\nwant\n%s", got, want)
	}
	if err := appendSums(dst, filepath.Join(dir, "none.sum")); err != nil {
		t.Errorf("a missing source go.sum: %v", err)
	}
}

func TestDBPoolLintIsACheckoutOrAVersion(t *testing.T) {
	root := testroot.Dir()
	dep, err := resolveDBPoolLint(filepath.Join(root, "internal", "sqlapi"))
	if err != nil || dep.dir != root {
		t.Errorf("a directory inside the checkout: %+v, %v; want the checkout root %s", dep, err, root)
	}
	if dep, err := resolveDBPoolLint("v0.1.0"); err != nil || dep.version != "v0.1.0" {
		t.Errorf("a version: %+v, %v", dep, err)
	}
	if _, err := resolveDBPoolLint("nonsense"); err == nil {
		t.Error("neither a directory nor a version: no error")
	}
	other := t.TempDir()
	os.WriteFile(filepath.Join(other, "go.mod"), []byte("module example.com/other\n"), 0o644)
	if _, err := resolveDBPoolLint(other); err == nil || !strings.Contains(err.Error(), "is not module github.com/dbpoollint/dbpoollint") {
		t.Errorf("another module: %v", err)
	}
}
