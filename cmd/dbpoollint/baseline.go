package main

// The baseline (-baseline FILE): the findings a team accepted when it
// adopted dbpoollint, so that later runs report only new ones.
//
// A finding is keyed by what an unrelated edit leaves alone: the analyzer,
// the category, the file (relative to the baseline's directory), the
// function it is in and the message with its line numbers taken out; not
// its line and column. The same key twice in one function counts twice: a
// third such finding is new.

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// baselineVersion is the version of the baseline file's format.
const baselineVersion = 1

type baselineFile struct {
	Comment  string          `json:"comment"`
	Version  int             `json:"version"`
	Findings []baselineEntry `json:"findings"`
}

type baselineEntry struct {
	baselineKey
	Count int `json:"count"`
}

type baselineKey struct {
	Analyzer string `json:"analyzer"`
	Category string `json:"category,omitempty"`
	File     string `json:"file"`
	Function string `json:"function,omitempty"`
	Message  string `json:"message"`
}

// lineNumber is how messages name other lines ("the return at line 42").
var lineNumber = regexp.MustCompile(`\bline \d+`)

// baselineKeyOf returns the key of a finding, its file relative to dir.
func baselineKeyOf(f *finding, dir string) baselineKey {
	file := filepath.ToSlash(f.pos.Filename)
	if rel, err := filepath.Rel(dir, f.pos.Filename); err == nil && filepath.IsLocal(rel) {
		file = filepath.ToSlash(rel)
	}
	return baselineKey{
		Analyzer: f.analyzer.Name,
		Category: f.diag.Category,
		File:     file,
		Function: enclosingFuncName(f.files, f.fset, f.diag.Pos),
		Message:  lineNumber.ReplaceAllString(strings.TrimSuffix(f.diag.Message, " ("+f.analyzer.Name+")"), "line N"),
	}
}

// enclosingFuncName names the function declaration around pos as Go
// writes a method expression ("F", "T.M", "(*T).M"); "" at package level.
func enclosingFuncName(files []*ast.File, fset *token.FileSet, pos token.Pos) string {
	for _, file := range files {
		if pos < file.FileStart || pos > file.FileEnd {
			continue
		}
		for _, d := range file.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || pos < fd.Pos() || pos >= fd.End() {
				continue
			}
			if fd.Recv == nil || len(fd.Recv.List) == 0 {
				return fd.Name.Name
			}
			recv := fd.Recv.List[0].Type
			star := false
			if s, ok := recv.(*ast.StarExpr); ok {
				recv, star = s.X, true
			}
			switch r := recv.(type) {
			case *ast.IndexExpr:
				recv = r.X
			case *ast.IndexListExpr:
				recv = r.X
			}
			name := "?"
			if id, ok := recv.(*ast.Ident); ok {
				name = id.Name
			}
			if star {
				return "(*" + name + ")." + fd.Name.Name
			}
			return name + "." + fd.Name.Name
		}
		return ""
	}
	return ""
}

// writeBaseline writes the findings to file.
func writeBaseline(file string, findings []*finding) error {
	dir, err := absDir(file)
	if err != nil {
		return err
	}
	counts := make(map[baselineKey]int)
	for _, f := range findings {
		counts[baselineKeyOf(f, dir)]++
	}
	b := baselineFile{
		Comment: "dbpoollint -baseline: findings accepted as they are; later runs report only others. Rewrite with -baseline-write.",
		Version: baselineVersion,
	}
	for k, n := range counts {
		b.Findings = append(b.Findings, baselineEntry{k, n})
	}
	slices.SortFunc(b.Findings, func(x, y baselineEntry) int {
		return cmp.Or(cmp.Compare(x.File, y.File), cmp.Compare(x.Function, y.Function),
			cmp.Compare(x.Analyzer, y.Analyzer), cmp.Compare(x.Category, y.Category), cmp.Compare(x.Message, y.Message))
	})
	if b.Findings == nil {
		b.Findings = []baselineEntry{}
	}
	data, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(file, append(data, '\n'), 0o644)
}

// applyBaseline returns the findings the baseline in file does not
// account for, and how many it did.
func applyBaseline(file string, findings []*finding) (fresh []*finding, known int, err error) {
	data, err := os.ReadFile(file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, 0, fmt.Errorf("baseline %s does not exist: write it with -baseline-write", file)
	}
	if err != nil {
		return nil, 0, err
	}
	var b baselineFile
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, 0, fmt.Errorf("%s: %v", file, err)
	}
	if b.Version != baselineVersion {
		return nil, 0, fmt.Errorf("%s: baseline version %d, want %d: rewrite it with -baseline-write", file, b.Version, baselineVersion)
	}
	dir, err := absDir(file)
	if err != nil {
		return nil, 0, err
	}
	left := make(map[baselineKey]int)
	for _, e := range b.Findings {
		left[e.baselineKey] += e.Count
	}
	for _, f := range findings {
		k := baselineKeyOf(f, dir)
		if left[k] > 0 {
			left[k]--
			known++
			continue
		}
		fresh = append(fresh, f)
	}
	return fresh, known, nil
}

func absDir(file string) (string, error) {
	abs, err := filepath.Abs(file)
	return filepath.Dir(abs), err
}
