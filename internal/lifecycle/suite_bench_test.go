package lifecycle_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/dbpoollint/dbpoollint"
	"github.com/dbpoollint/dbpoollint/internal/testroot"
)

// generatedSuite returns a package whose one function produces n rows of
// database/sql, n rows of pgx, n transactions and n statements, each
// released the idiomatic way, with its rows.Err checked and every query
// given the function's context: correct code that every analyzer of the
// suite reads, and on which none reports anything.
func generatedSuite(n int) string {
	var b strings.Builder
	b.WriteString("package gen\n\nimport (\n\t\"context\"\n\t\"database/sql\"\n\n\t\"github.com/jackc/pgx/v5/pgxpool\"\n)\n\n")
	b.WriteString("func f(ctx context.Context, db *sql.DB, pool *pgxpool.Pool) error {\n\tvar n int\n")
	for i := range n {
		fmt.Fprintf(&b, `	rows%[1]d, err := db.QueryContext(ctx, "q")
	if err != nil {
		return err
	}
	for rows%[1]d.Next() {
		if err := rows%[1]d.Scan(&n); err != nil {
			rows%[1]d.Close()
			return err
		}
	}
	if err := rows%[1]d.Err(); err != nil {
		rows%[1]d.Close()
		return err
	}
	rows%[1]d.Close()
	prows%[1]d, err := pool.Query(ctx, "q")
	if err != nil {
		return err
	}
	for prows%[1]d.Next() {
		if err := prows%[1]d.Scan(&n); err != nil {
			return err
		}
	}
	prows%[1]d.Close()
	if err := prows%[1]d.Err(); err != nil {
		return err
	}
	tx%[1]d, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if _, err := tx%[1]d.ExecContext(ctx, "q"); err != nil {
		_ = tx%[1]d.Rollback()
		return err
	}
	if err := tx%[1]d.Commit(); err != nil {
		return err
	}
	stmt%[1]d, err := db.PrepareContext(ctx, "q")
	if err != nil {
		return err
	}
	if err := stmt%[1]d.QueryRowContext(ctx).Scan(&n); err != nil {
		stmt%[1]d.Close()
		return err
	}
	stmt%[1]d.Close()
`, i)
	}
	b.WriteString("\treturn nil\n}\n")
	return b.String()
}

// loadGenerated writes the generated package into a GOPATH whose other
// packages are the repository's stubs, and loads it as the standalone
// checker does.
func loadGenerated(tb testing.TB, src string) []*packages.Package {
	root := tb.TempDir()
	dir := filepath.Join(root, "src", "gen")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "gen.go"), []byte(src), 0o644); err != nil {
		tb.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(testroot.TestData(), "src", "github.com"), filepath.Join(root, "src", "github.com")); err != nil {
		tb.Fatal(err)
	}
	cfg := &packages.Config{
		Mode: packages.LoadAllSyntax,
		Dir:  dir,
		Env:  append(os.Environ(), "GOPATH="+root, "GO111MODULE=off", "GOPROXY=off", "GOFLAGS="),
	}
	pkgs, err := packages.Load(cfg, "gen")
	if err != nil {
		tb.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		tb.Fatal("the generated package does not load")
	}
	return pkgs
}

// BenchmarkSuiteOnOneGrowingFunction runs every analyzer of the suite
// (dbpoollint.Analyzers) over one function of 1x, 4x and 16x the size (n
// = 250, 1000, 4000 groups of rows, pgx rows, a transaction and a
// statement). Near-linear cost means the time per group stays flat: the
// 4x run takes about 4 times the 1x run, the 16x about 16 times.
func BenchmarkSuiteOnOneGrowingFunction(b *testing.B) {
	for _, n := range []int{250, 1000, 4000} {
		b.Run(fmt.Sprintf("groups=%d", n), func(b *testing.B) {
			pkgs := loadGenerated(b, generatedSuite(n))
			cpu := cpuTime() // b.Loop resets the timer; this is the CPU clock's start
			for b.Loop() {
				g, err := checker.Analyze(dbpoollint.Analyzers(), pkgs, &checker.Options{Sequential: true})
				if err != nil {
					b.Fatal(err)
				}
				for act := range g.All() {
					if act.Err != nil {
						b.Fatalf("%s: %v", act, act.Err)
					}
					for _, d := range act.Diagnostics {
						b.Fatalf("%s: correct code reported: %s", act.Package.Fset.Position(d.Pos), d.Message)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/group")
			b.ReportMetric(float64((cpuTime()-cpu).Nanoseconds())/float64(b.N)/float64(n), "cpu-ns/group")
		})
	}
}
