package dbdriver

import (
	"bufio"
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// maxFiles bounds the scan of one module: a module with more .go files is
// taken as one whose drivers cannot be known.
const maxFiles = 20000

// Module is what the packages of one module open: the drivers and gorm
// dialectors their non-test files import, and the versions of the modules
// its go.mod requires.
type Module struct {
	// Root is the directory of go.mod; Path the module path.
	Root, Path string
	// Drivers are the drivers imported by the module's non-test .go files
	// (vendor, testdata and nested modules left out); nil when the scan
	// stopped at maxFiles.
	Drivers []*sqlapi.DriverRow
	// Files is the number of files scanned.
	Files int

	requires map[string]string
}

// Version returns the version of the module of path that go.mod requires,
// or "".
func (m *Module) Version(path string) string {
	if m == nil {
		return ""
	}
	return m.requires[path]
}

// modules caches the scan of each module root for the whole process: the
// packages of a module share it.
var modules sync.Map // root directory -> *moduleEntry

type moduleEntry struct {
	once sync.Once
	m    *Module
}

// ModuleOf returns the module the package belongs to, found by walking up
// from the directory of its files to a go.mod whose module path and
// directory agree with the package's import path; nil in GOPATH mode or
// when no such go.mod exists.
func ModuleOf(pass *analysis.Pass) *Module {
	if pass == nil || pass.Pkg == nil {
		return nil
	}
	pkgPath, _, _ := strings.Cut(pass.Pkg.Path(), " [")
	pkgPath = strings.TrimSuffix(pkgPath, "_test")
	seen := make(map[string]bool)
	for _, f := range pass.Files {
		tf := pass.Fset.File(f.Pos())
		if tf == nil || !strings.HasSuffix(tf.Name(), ".go") {
			continue
		}
		dir := filepath.Dir(tf.Name())
		if seen[dir] || !filepath.IsAbs(dir) {
			continue
		}
		seen[dir] = true
		root, modPath, ok := findRoot(dir)
		if !ok || pass.Module != nil && pass.Module.Path != "" && pass.Module.Path != modPath {
			continue
		}
		rel, err := filepath.Rel(root, dir)
		if err != nil {
			continue
		}
		want := modPath
		if rel != "." {
			want = modPath + "/" + filepath.ToSlash(rel)
		}
		if want != pkgPath {
			continue
		}
		v, _ := modules.LoadOrStore(root, new(moduleEntry))
		e := v.(*moduleEntry)
		e.once.Do(func() { e.m = scan(root, modPath) })
		return e.m
	}
	return nil
}

// findRoot walks up from dir to the nearest go.mod and returns its
// directory and module path.
func findRoot(dir string) (root, modPath string, ok bool) {
	for d := dir; ; {
		data, err := os.ReadFile(filepath.Join(d, "go.mod"))
		if err == nil {
			p := modulePath(data)
			return d, p, p != ""
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", "", false
		}
		d = parent
	}
}

// modulePath returns the path of go.mod's module directive.
func modulePath(data []byte) string {
	for line := range bytes.Lines(data) {
		f := strings.Fields(stripComment(string(line)))
		if len(f) == 2 && f[0] == "module" {
			if p, err := strconv.Unquote(f[1]); err == nil {
				return p
			}
			return f[1]
		}
	}
	return ""
}

func stripComment(line string) string {
	if i := strings.Index(line, "//"); i >= 0 {
		line = line[:i]
	}
	return strings.TrimSpace(line)
}

// requires returns the module versions go.mod's require directives list.
func requires(data []byte) map[string]string {
	req := make(map[string]string)
	sc := bufio.NewScanner(bytes.NewReader(data))
	block := false
	for sc.Scan() {
		line := stripComment(sc.Text())
		f := strings.Fields(line)
		switch {
		case block && line == ")":
			block = false
		case block && len(f) == 2:
			req[f[0]] = f[1]
		case len(f) == 2 && f[0] == "require" && f[1] == "(":
			block = true
		case len(f) == 3 && f[0] == "require":
			req[f[1]] = f[2]
		}
	}
	return req
}

// scan reads the imports of the module's non-test .go files.
func scan(root, modPath string) *Module {
	m := &Module{Root: root, Path: modPath}
	if data, err := os.ReadFile(filepath.Join(root, "go.mod")); err == nil {
		m.requires = requires(data)
	}
	found := make(map[*sqlapi.DriverRow]bool)
	fset := token.NewFileSet()
	complete := true
	_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if d != nil && d.IsDir() && path != root {
				return filepath.SkipDir
			}
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			if path == root {
				return nil
			}
			if name == "vendor" || name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
				return filepath.SkipDir // a module of its own
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		if m.Files >= maxFiles {
			complete = false
			return filepath.SkipAll
		}
		m.Files++
		f := parseImports(fset, path)
		if f == nil {
			return nil
		}
		for _, imp := range f.Imports {
			p, err := strconv.Unquote(imp.Path.Value)
			if err != nil {
				continue
			}
			if row, ok := sqlapi.DriverOfImport(p); ok {
				found[row] = true
			}
		}
		return nil
	})
	if !complete {
		return m
	}
	m.Drivers = []*sqlapi.DriverRow{}
	for row := range found {
		m.Drivers = append(m.Drivers, row)
	}
	slices.SortFunc(m.Drivers, func(a, b *sqlapi.DriverRow) int { return strings.Compare(a.Pkg, b.Pkg) })
	return m
}

// headBytes is how much of a file is read first: the imports sit at the
// top, and generated files can weigh megabytes.
const headBytes = 16 << 10

// parseImports parses the imports of the file, reading its head only when
// that holds them whole.
func parseImports(fset *token.FileSet, path string) *ast.File {
	fh, err := os.Open(path)
	if err != nil {
		return nil
	}
	head := make([]byte, headBytes)
	n, _ := io.ReadFull(fh, head)
	fh.Close()
	f, err := parser.ParseFile(fset, path, head[:n], parser.ImportsOnly)
	if err == nil || n < headBytes {
		return f
	}
	f, _ = parser.ParseFile(fset, path, nil, parser.ImportsOnly)
	return f
}
