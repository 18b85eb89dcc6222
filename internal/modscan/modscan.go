// Package modscan reads, once per module and process, what the suite needs
// to know of the module a package belongs to beyond the package itself,
// without analysis facts: the versions go.mod requires, the packages the
// module's non-test files import, and which of its packages only its tests
// import. It parses the imports of the module's .go files only (vendor,
// testdata and nested modules left out).
package modscan

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
	"strconv"
	"strings"
	"sync"
)

// maxFiles bounds the scan of one module: a module with more .go files is
// taken as one whose imports cannot be known.
const maxFiles = 40000

// Module is what the scan of one module found.
type Module struct {
	// Root is the directory of go.mod; Path the module path.
	Root, Path string
	// Imports are the import paths of the module's non-test .go files; nil
	// when the scan stopped at maxFiles.
	Imports map[string]bool
	// Files is the number of files scanned.
	Files int
	// LimitsPools reports whether some non-test .go file of the module
	// contains the text "SetMaxOpenConns(": the module limits a
	// database/sql pool somewhere (whatever the argument). True when the
	// scan stopped at maxFiles: a limit may be in the files left unread.
	LimitsPools bool

	requires map[string]string
	// testOnly: the module's packages that only its tests import (see
	// TestOnly).
	testOnly map[string]bool
}

// Version returns the version of the module of path that go.mod requires,
// or "".
func (m *Module) Version(path string) string {
	if m == nil {
		return ""
	}
	return m.requires[path]
}

// TestOnly reports whether the module's package pkgPath exists for the
// module's tests: its _test.go files (other packages') import it, and no
// non-test file does but those of packages that exist for tests themselves.
// False when the scan did not complete.
func (m *Module) TestOnly(pkgPath string) bool {
	return m != nil && m.testOnly[pkgPath]
}

// modules caches the scan of each module root for the whole process: the
// packages of a module share it.
var modules sync.Map // root directory -> *moduleEntry

type moduleEntry struct {
	once sync.Once
	m    *Module
}

// Of returns the module of the package pkgPath whose syntax is files,
// found by walking up from the directory of its files to a go.mod whose
// module path and directory agree with the import path (and with modPath,
// the module path the driver gives, when not empty); nil in GOPATH mode or
// when no such go.mod exists.
func Of(fset *token.FileSet, files []*ast.File, pkgPath, modPath string) *Module {
	pkgPath, _, _ = strings.Cut(pkgPath, " [")
	pkgPath = strings.TrimSuffix(pkgPath, "_test")
	seen := make(map[string]bool)
	for _, f := range files {
		tf := fset.File(f.Pos())
		if tf == nil || !strings.HasSuffix(tf.Name(), ".go") {
			continue
		}
		dir := filepath.Dir(tf.Name())
		if seen[dir] || !filepath.IsAbs(dir) {
			continue
		}
		seen[dir] = true
		root, found, ok := findRoot(dir)
		if !ok || modPath != "" && modPath != found {
			continue
		}
		if importPath(root, found, dir) != pkgPath {
			continue
		}
		v, _ := modules.LoadOrStore(root, new(moduleEntry))
		e := v.(*moduleEntry)
		e.once.Do(func() { e.m = scan(root, found) })
		return e.m
	}
	return nil
}

// importPath returns the import path of the package in dir, a directory of
// the module modPath rooted at root.
func importPath(root, modPath, dir string) string {
	rel, err := filepath.Rel(root, dir)
	if err != nil || rel == "." {
		return modPath
	}
	return modPath + "/" + filepath.ToSlash(rel)
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

// scan reads the imports of the module's .go files.
func scan(root, modPath string) *Module {
	m := &Module{Root: root, Path: modPath}
	if data, err := os.ReadFile(filepath.Join(root, "go.mod")); err == nil {
		m.requires = requires(data)
	}
	imports := make(map[string]bool)
	// importers: for each package of the module, the other packages of the
	// module that import it, and whether from a test file.
	type importer struct {
		pkg  string
		test bool
	}
	importers := make(map[string][]importer)
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
		if !strings.HasSuffix(name, ".go") {
			return nil
		}
		if m.Files >= maxFiles {
			complete = false
			return filepath.SkipAll
		}
		m.Files++
		test := strings.HasSuffix(name, "_test.go")
		f, limits := parseImports(fset, path, !test)
		m.LimitsPools = m.LimitsPools || limits
		if f == nil {
			return nil
		}
		self := importPath(root, modPath, filepath.Dir(path))
		for _, imp := range f.Imports {
			p, err := strconv.Unquote(imp.Path.Value)
			if err != nil {
				continue
			}
			if !test {
				imports[p] = true
			}
			if p != self && (p == modPath || strings.HasPrefix(p, modPath+"/")) {
				importers[p] = append(importers[p], importer{self, test})
			}
		}
		return nil
	})
	if !complete {
		m.LimitsPools = true
		return m
	}
	m.Imports = imports
	// The packages only tests import: start from every package some file
	// of the module imports, drop those a non-test file of a package outside
	// the set imports, until nothing changes. Imports have no cycles, so
	// following the importers of what is left up from any package ends at
	// test files.
	m.testOnly = make(map[string]bool, len(importers))
	for p := range importers {
		m.testOnly[p] = true
	}
	for changed := true; changed; {
		changed = false
		for p := range m.testOnly {
			for _, im := range importers[p] {
				if !im.test && !m.testOnly[im.pkg] {
					delete(m.testOnly, p)
					changed = true
					break
				}
			}
		}
	}
	return m
}

// headBytes is how much of a test file is read: the imports sit at the
// top, and generated files can weigh megabytes.
const headBytes = 16 << 10

// setMaxOpenConns is the text of a call that limits a database/sql pool.
var setMaxOpenConns = []byte("SetMaxOpenConns(")

// parseImports parses the imports of the file. A file read whole (whole
// set: a non-test file) is also searched for a SetMaxOpenConns call, in the
// same read; a test file is read by its head only, when that holds its
// imports whole.
func parseImports(fset *token.FileSet, path string, whole bool) (f *ast.File, limits bool) {
	if whole {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, false
		}
		f, _ = parser.ParseFile(fset, path, data, parser.ImportsOnly)
		return f, bytes.Contains(data, setMaxOpenConns)
	}
	fh, err := os.Open(path)
	if err != nil {
		return nil, false
	}
	head := make([]byte, headBytes)
	n, _ := io.ReadFull(fh, head)
	fh.Close()
	f, err = parser.ParseFile(fset, path, head[:n], parser.ImportsOnly)
	if err == nil || n < headBytes {
		return f, false
	}
	f, _ = parser.ParseFile(fset, path, nil, parser.ImportsOnly)
	return f, false
}
