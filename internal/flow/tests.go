package flow

import (
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"strings"

	"github.com/dbpoollint/dbpoollint/internal/modscan"
)

// ForTests reports whether the code at pos exists for tests: it is in a
// _test.go file, in a test-support file (a non-test file whose name says
// it is for tests, that imports testing and declares a function taking a
// *testing.T, B or F or a testing.TB: testing.go or testutil.go with
// setupTestEnv(t *testing.T) beside the helpers it calls), in a function (or a literal inside one) that takes a
// *testing.T, B or F or a testing.TB, or in a test harness: a package whose
// files (not only its tests) import a launcher of test databases
// (testcontainers, dockertest, pgtestdb, embedded-postgres); or whose name
// or an element of its import path says it is for tests (dbtest, testutil,
// pgtesting, testfixtures/storage, sqltest/docker) and that imports testing
// or an assertion library (testify, gomega, ginkgo), or that, in its
// module, only tests import (modscan's TestOnly). An assertion library
// alone does not make a harness: a service's package may keep test helpers
// in a non-test file beside its own code.
func (p *Package) ForTests(pos token.Pos) bool {
	if tf := p.Fset.File(pos); tf != nil && strings.HasSuffix(tf.Name(), "_test.go") {
		return true
	}
	if p.harness() {
		return true
	}
	if tf := p.Fset.File(pos); tf != nil && p.supportFiles[tf] {
		return true
	}
	for f := p.EnclosingPos(pos); f != nil; f = f.Outer {
		if f.takesTesting() {
			return true
		}
	}
	return false
}

// harness reports whether the package is a test harness (see ForTests).
func (p *Package) harness() bool {
	p.harnessOnce.Do(func() {
		named := strings.Contains(strings.ToLower(p.Pkg.Name()), "test") || testPath(p.Pkg.Path())
		files := p.files()
		for _, f := range files {
			tf := p.Fset.File(f.FileStart)
			if tf == nil || strings.HasSuffix(tf.Name(), "_test.go") {
				continue
			}
			for _, imp := range f.Imports {
				path := strings.Trim(imp.Path.Value, `"`)
				if named && (path == "testing" || inPkgs(path, assertions)) || inPkgs(path, launchers) {
					p.isHarness = true
				}
				if path == "testing" && strings.Contains(strings.ToLower(filepath.Base(tf.Name())), "test") && p.declaresTestHelper(f) {
					if p.supportFiles == nil {
						p.supportFiles = make(map[*token.File]bool)
					}
					p.supportFiles[tf] = true
				}
			}
		}
		if !p.isHarness && named {
			p.isHarness = modscan.Of(p.Fset, files, p.Pkg.Path(), "").TestOnly(p.Pkg.Path())
		}
	})
	return p.isHarness
}

// declaresTestHelper reports whether the file declares a function (or
// method) with a parameter of a testing type.
func (p *Package) declaresTestHelper(f *ast.File) bool {
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Type.Params == nil {
			continue
		}
		for _, field := range fd.Type.Params.List {
			if isTesting(p.Info.TypeOf(field.Type)) {
				return true
			}
		}
	}
	return false
}

// launchers start a database for tests: only test code imports them.
var launchers = []string{
	"github.com/testcontainers/testcontainers-go",
	"github.com/ory/dockertest",
	"github.com/peterldowns/pgtestdb",
	"github.com/fergusstrange/embedded-postgres",
}

// assertions are assertion libraries: test code imports them, and so may a
// service's package that keeps its test helpers in a non-test file.
var assertions = []string{
	"github.com/stretchr/testify",
	"github.com/onsi/gomega",
	"github.com/onsi/ginkgo",
}

// inPkgs reports whether path is one of pkgs or below one.
func inPkgs(path string, pkgs []string) bool {
	for _, p := range pkgs {
		if path == p || strings.HasPrefix(path, p+"/") {
			return true
		}
	}
	return false
}

// testPath reports whether an element of the import path says the package
// is for tests: testfixtures/storage, internal/testutil, pkg/dbtest.
func testPath(path string) bool {
	for el := range strings.SplitSeq(strings.ToLower(path), "/") {
		if strings.HasPrefix(el, "test") || strings.HasSuffix(el, "test") || strings.HasSuffix(el, "tests") || strings.HasSuffix(el, "testing") {
			return true
		}
	}
	return false
}

// takesTesting reports whether the function has a parameter of a testing
// type.
func (f *Func) takesTesting() bool {
	if f.Type.Params == nil {
		return false
	}
	for _, field := range f.Type.Params.List {
		if isTesting(f.p.Info.TypeOf(field.Type)) {
			return true
		}
	}
	return false
}

func isTesting(t types.Type) bool {
	n := namedOf(t)
	if n == nil || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "testing" {
		return false
	}
	switch n.Obj().Name() {
	case "T", "B", "F", "TB":
		return true
	}
	return false
}

// files returns the package's syntax, from the inspector's roots.
func (p *Package) files() []*ast.File {
	var files []*ast.File
	for c := range p.in.Root().Children() {
		if f, ok := c.Node().(*ast.File); ok {
			files = append(files, f)
		}
	}
	return files
}
