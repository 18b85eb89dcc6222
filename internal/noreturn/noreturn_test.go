package noreturn_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"

	"github.com/dbpoollint/dbpoollint/internal/noreturn"
)

const src = `package p

import (
	"log"
	"os"
	"runtime"
	"testing"
)

type logger struct{}

func (logger) Fatalf(string, ...any) {}
func (logger) Printf(string, ...any) {}

func f(t *testing.T, tb testing.TB, l *log.Logger, z logger) {
	panic("x")             // never
	os.Exit(1)             // never
	runtime.Goexit()       // never
	log.Fatal("x")         // never
	l.Panicf("x")          // never
	z.Fatalf("x")          // never
	t.FailNow()            // never
	tb.FailNow()           // never
	t.Skip("x")            // never
	t.Fatalf("x")          // never
	t.Errorf("x")          // returns
	z.Printf("x")          // returns
	println("x")           // returns
	os.Getenv("x")         // returns
	func() {}()            // returns
}
`

func TestCallsThatNeverReturn(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Uses: map[*ast.Ident]types.Object{}, Types: map[ast.Expr]types.TypeAndValue{}, Selections: map[*ast.SelectorExpr]*types.Selection{}}
	conf := types.Config{Importer: importer.ForCompiler(fset, "source", nil)}
	if _, err := conf.Check("p", fset, []*ast.File{f}, info); err != nil {
		t.Fatal(err)
	}
	comments := make(map[int]string)
	for _, cg := range f.Comments {
		comments[fset.Position(cg.Pos()).Line] = strings.TrimSpace(cg.Text())
	}
	calls := 0
	ast.Inspect(f, func(n ast.Node) bool {
		stmt, ok := n.(*ast.ExprStmt)
		if !ok {
			return true
		}
		call := stmt.X.(*ast.CallExpr)
		line := fset.Position(call.Pos()).Line
		want := comments[line] == "never"
		if got := noreturn.Call(info, call); got != want {
			t.Errorf("line %d: noreturn.Call = %v, want %v", line, got, want)
		}
		calls++
		return false
	})
	if calls != 15 {
		t.Fatalf("checked %d calls, want 15", calls)
	}
}
