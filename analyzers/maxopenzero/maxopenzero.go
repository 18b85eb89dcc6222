package maxopenzero

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/dbpoollint/dbpoollint/internal/analyzerdoc"
	"github.com/dbpoollint/dbpoollint/internal/flow"
	"github.com/dbpoollint/dbpoollint/internal/ignore"
	"github.com/dbpoollint/dbpoollint/internal/scope"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

//go:embed doc.go
var doc string

// Diagnostic categories.
const (
	// CategoryUnlimited: SetMaxOpenConns with a constant limit of zero or less.
	CategoryUnlimited = "unlimited-pool"
	// CategoryNoLimit: with -require-limit, a pool that never gets a limit.
	CategoryNoLimit = "pool-without-limit"
	// CategoryIdleDisabled: SetMaxIdleConns with a constant of zero or less.
	CategoryIdleDisabled = "idle-pool-disabled"
	// CategoryIdleDefault: a large constant open limit with Go's default of
	// 2 idle connections.
	CategoryIdleDefault = "idle-pool-default"
	// CategoryIdleAboveOpen: a constant idle limit above the constant open
	// limit of the same pool.
	CategoryIdleAboveOpen = "idle-above-open"
	// CategoryDurationUnit: a lifetime or idle time given as a bare number:
	// nanoseconds.
	CategoryDurationUnit = "duration-without-unit"
	// CategoryNoLifetime: with -require-lifetime, a pool sized with no
	// lifetime.
	CategoryNoLifetime = "pool-without-lifetime"
	// CategoryPgxMaxConns: a pgxpool.Config's MaxConns set to a constant of
	// zero or less.
	CategoryPgxMaxConns = "pgxpool-max-conns"
	// CategoryDeadGuard: a guard on the MaxConns of ParseConfig's result that
	// can never be true.
	CategoryDeadGuard = "pgxpool-dead-guard"
	// CategorySQLiteIgnored: a DSN parameter the SQLite driver at hand does
	// not read (mattn's _busy_timeout under a driver that reads _pragma,
	// _pragma under mattn), so the pragma it sets is never set.
	CategorySQLiteIgnored = "sqlite-dsn-ignored"
	// CategorySQLiteNoBusy: a SQLite pool of more than one connection whose
	// connections have no busy timeout.
	CategorySQLiteNoBusy = "sqlite-no-busy-timeout"
	// CategorySQLitePragma: a PRAGMA that sets a value of one connection
	// (busy_timeout, foreign_keys, ...) sent with Exec on a SQLite pool of
	// more than one connection.
	CategorySQLitePragma = "sqlite-connection-pragma"
)

// Analyzer is maxopenzero with its default settings.
var Analyzer = New()

// New returns a fresh maxopenzero analyzer with its own flags.
func New() *analysis.Analyzer {
	c := new(checker)
	a := &analysis.Analyzer{
		Name:     "maxopenzero",
		Doc:      analyzerdoc.Extract(doc, "maxopenzero"),
		URL:      analyzerdoc.PageURL("maxopenzero"),
		Requires: []*analysis.Analyzer{scope.Analyzer},
		Run:      ignore.Wrap(c.run),
	}
	a.Flags.BoolVar(&c.requireLimit, "require-limit", false,
		"also report database/sql pools opened without a positive SetMaxOpenConns before they escape (Go's default is unlimited)")
	a.Flags.BoolVar(&c.requireLifetime, "require-lifetime", false,
		"also report pools given SetMaxOpenConns but neither SetConnMaxLifetime nor SetConnMaxIdleTime in the same function")
	a.Flags.BoolVar(&c.tests, "tests", false,
		"also report the idle, lifetime and require-limit categories in test code (_test.go files, functions taking *testing.T, test harness packages)")
	return a
}

// checker holds the analyzer's options.
type checker struct {
	requireLimit    bool
	requireLifetime bool
	tests           bool
}

// pkgRun is one package's run.
type pkgRun struct {
	*checker
	pass    *analysis.Pass
	fl      *flow.Package
	res     *sqlapi.Resolver
	inspect *inspector.Inspector
	calls   []scope.Call
	groups  []*poolSettings
}

func (c *checker) run(pass *analysis.Pass) (any, error) {
	pkg := scope.Of(pass)
	if !pkg.Reaches {
		return nil, nil
	}
	r := &pkgRun{checker: c, pass: pass, fl: pkg.Flow(), res: pkg.Resolver(), inspect: pkg.Inspector(), calls: pkg.Calls()}
	r.groups = r.collect()
	for _, g := range r.groups {
		for _, s := range g.calls["SetMaxOpenConns"] {
			r.checkUnlimited(s.call)
		}
	}
	r.checkSettings(r.groups)
	r.checkDurations(r.groups)
	r.checkPgxpool()
	r.checkSQLite()
	if c.requireLimit {
		r.checkLimits()
	}
	return nil, nil
}

// checkUnlimited reports SetMaxOpenConns given a constant of zero or less.
func (c *pkgRun) checkUnlimited(call sqlapi.Call) {
	tv := c.pass.TypesInfo.Types[call.Args[0]]
	if tv.Value == nil || tv.Value.Kind() != constant.Int || constant.Sign(tv.Value) > 0 {
		return
	}
	c.report(call.Expr, CategoryUnlimited, fmt.Sprintf("SetMaxOpenConns(%s) means no limit%s: a traffic spike opens connections until the database refuses them; set a positive limit",
		exprString(call.Args[0]), valueNote(call.Args[0], tv.Value)))
}

// isSetMaxOpenConns reports whether the call is (*sql.DB).SetMaxOpenConns,
// promoted or not, or an interface method of that name and signature.
func isSetMaxOpenConns(c sqlapi.Call) bool { return isSetting(c, "SetMaxOpenConns") }

// valueNote explains a constant that is not a literal: " (MaxConns is 0)".
func valueNote(arg ast.Expr, v constant.Value) string {
	x := ast.Unparen(arg)
	if u, ok := x.(*ast.UnaryExpr); ok && u.Op == token.SUB {
		x = ast.Unparen(u.X)
	}
	if _, isLit := x.(*ast.BasicLit); isLit {
		return ""
	}
	return fmt.Sprintf(" (%s is %s)", exprString(arg), v.ExactString())
}

func exprString(e ast.Expr) string {
	if e == nil {
		return "db"
	}
	return types.ExprString(e)
}
