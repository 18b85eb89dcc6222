package lifecycle_test

import (
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/dbpoollint/dbpoollint/internal/flow"
	"github.com/dbpoollint/dbpoollint/internal/lifecycle"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// generated returns a package whose one function produces n rows (and, with
// tx, n transactions), each released the idiomatic way: correct code, the
// worst case for an engine that walks every use of the shared err (or ctx)
// once per handle. With collected, it prepares n statements instead, each
// appended to one slice that every error path and the end close: the worst
// case for an engine that walks every use of the slice once per handle.
func generated(n int, tx, collected bool) string {
	var b strings.Builder
	b.WriteString("package p\n\nimport (\n\t\"context\"\n\t\"database/sql\"\n)\n\n")
	if collected {
		b.WriteString("func closeAll(stmts []*sql.Stmt) {\n\tfor _, s := range stmts {\n\t\ts.Close()\n\t}\n}\n\n")
		b.WriteString("func f(ctx context.Context, db *sql.DB) error {\n\tvar stmts []*sql.Stmt\n")
		for i := range n {
			fmt.Fprintf(&b, "\tstmt%d, err := db.PrepareContext(ctx, \"q\")\n\tif err != nil {\n\t\tcloseAll(stmts)\n\t\treturn err\n\t}\n\tstmts = append(stmts, stmt%d)\n", i, i)
		}
		b.WriteString("\tcloseAll(stmts)\n\treturn nil\n}\n")
		return b.String()
	}
	b.WriteString("func f(ctx context.Context, db *sql.DB) error {\n")
	for i := range n {
		fmt.Fprintf(&b, "\trows%d, err := db.QueryContext(ctx, \"q\")\n\tif err != nil {\n\t\treturn err\n\t}\n\tdefer rows%d.Close()\n", i, i)
		if !tx {
			continue
		}
		fmt.Fprintf(&b, "\ttx%d, err := db.BeginTx(ctx, nil)\n\tif err != nil {\n\t\treturn err\n\t}\n\tif err := tx%d.Commit(); err != nil {\n\t\treturn err\n\t}\n", i, i)
	}
	b.WriteString("\treturn nil\n}\n")
	return b.String()
}

// generatedReused returns a package whose one function runs n queries
// into one rows variable, each read, checked and closed before the next:
// the worst case for an engine that reads every use of the variable once
// per handle it holds.
func generatedReused(n int) string {
	var b strings.Builder
	b.WriteString("package p\n\nimport (\n\t\"context\"\n\t\"database/sql\"\n)\n\n")
	b.WriteString("func f(ctx context.Context, db *sql.DB) (n int, err error) {\n\tvar rows *sql.Rows\n")
	for range n {
		b.WriteString("\trows, err = db.QueryContext(ctx, \"q\")\n\tif err != nil {\n\t\treturn 0, err\n\t}\n")
		b.WriteString("\tfor rows.Next() {\n\t\tn++\n\t}\n\tif err := rows.Err(); err != nil {\n\t\trows.Close()\n\t\treturn 0, err\n\t}\n\trows.Close()\n")
	}
	b.WriteString("\treturn n, nil\n}\n")
	return b.String()
}

type loaded struct {
	fset  *token.FileSet
	pkg   *types.Package
	info  *types.Info
	files []*ast.File
}

func load(tb testing.TB, src string) loaded {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.SkipObjectResolution)
	if err != nil {
		tb.Fatal(err)
	}
	info := &types.Info{
		Types:      make(map[ast.Expr]types.TypeAndValue),
		Defs:       make(map[*ast.Ident]types.Object),
		Uses:       make(map[*ast.Ident]types.Object),
		Selections: make(map[*ast.SelectorExpr]*types.Selection),
		Scopes:     make(map[ast.Node]*types.Scope),
		Implicits:  make(map[ast.Node]types.Object),
	}
	conf := types.Config{Importer: importer.Default()}
	pkg, err := conf.Check("p", fset, []*ast.File{f}, info)
	if err != nil {
		tb.Fatal(err)
	}
	return loaded{fset, pkg, info, []*ast.File{f}}
}

// BenchmarkLifecycleOfOneGrowingFunction runs the engine over one function
// that grows: n rows, n = 1000, 4000 and 16000 (the largest is about 80,000
// lines), n rows with n transactions, and n statements collected in one
// slice. Near-linear cost means the time per
// handle stays flat. BenchmarkLifecycleOfOneReusedVariable does the same
// for one variable that holds n rows in turn.
func BenchmarkLifecycleOfOneGrowingFunction(b *testing.B) {
	for _, shape := range []struct {
		name          string
		tx, collected bool
	}{{"rows", false, false}, {"rows+tx", true, false}, {"collected", false, true}} {
		for _, n := range []int{1000, 4000, 16000} {
			want := n
			if shape.tx {
				want = 2 * n
			}
			p := load(b, generated(n, shape.tx, shape.collected))
			b.Run(fmt.Sprintf("%s/handles=%d", shape.name, want), func(b *testing.B) {
				var leaks int
				for b.Loop() {
					res := sqlapi.NewResolver(p.info, p.files)
					fl := flow.New(p.fset, p.pkg, p.info, inspector.New(p.files), func(call *ast.CallExpr) *types.Func {
						if c, ok := res.Resolve(call); ok {
							return c.Func
						}
						return nil
					})
					r := lifecycle.Analyze(fl, res)
					if len(r.Handles) != want {
						b.Fatalf("%d handles, want %d", len(r.Handles), want)
					}
					for _, h := range r.Handles {
						leaks += len(h.Leaks)
					}
				}
				if leaks != 0 {
					b.Fatalf("correct code reported %d leaks", leaks)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(want), "ns/handle")
			})
		}
	}
}

// BenchmarkLifecycleOfOneReusedVariable runs the engine over one function
// whose one rows variable holds n = 250, 1000 and 4000 rows in turn: the
// uses of the variable are classified and placed once, and each handle
// reads only its own stretch of them, so the time per handle stays about
// flat (it was quadratic: 1.1 s at 250, 38 s at 1000).
func BenchmarkLifecycleOfOneReusedVariable(b *testing.B) {
	for _, n := range []int{250, 1000, 4000} {
		p := load(b, generatedReused(n))
		b.Run(fmt.Sprintf("handles=%d", n), func(b *testing.B) {
			for b.Loop() {
				res := sqlapi.NewResolver(p.info, p.files)
				fl := flow.New(p.fset, p.pkg, p.info, inspector.New(p.files), func(call *ast.CallExpr) *types.Func {
					if c, ok := res.Resolve(call); ok {
						return c.Func
					}
					return nil
				})
				r := lifecycle.Analyze(fl, res)
				if len(r.Handles) != n {
					b.Fatalf("%d handles, want %d", len(r.Handles), n)
				}
				for _, h := range r.Handles {
					if len(h.Leaks) != 0 {
						b.Fatalf("correct code reported a leak")
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/handle")
		})
	}
}
