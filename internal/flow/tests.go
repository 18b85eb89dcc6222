package flow

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// ForTests reports whether the code at pos exists for tests: it is in a
// _test.go file, in a function (or a literal inside one) that takes a
// *testing.T, B or F or a testing.TB, or in a test harness: a package whose
// files (not only its tests) import testcontainers, or import testing while
// the package's name or an element of its import path says it is for tests
// (dbtest, testutil, pgtesting, testfixtures/storage).
// The suite's analyzers give such code the treatment they give tests.
func (p *Package) ForTests(pos token.Pos) bool {
	if tf := p.Fset.File(pos); tf != nil && strings.HasSuffix(tf.Name(), "_test.go") {
		return true
	}
	if p.harness() {
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
		for _, f := range p.files() {
			if tf := p.Fset.File(f.FileStart); tf != nil && strings.HasSuffix(tf.Name(), "_test.go") {
				continue
			}
			for _, imp := range f.Imports {
				path := strings.Trim(imp.Path.Value, `"`)
				if path == "testing" && named || strings.HasPrefix(path, "github.com/testcontainers/testcontainers-go") {
					p.isHarness = true
				}
			}
		}
	})
	return p.isHarness
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
