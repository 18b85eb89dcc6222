package maxopenzero

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"

	"github.com/dbpoollint/dbpoollint/internal/analyzerdoc"
	"github.com/dbpoollint/dbpoollint/internal/flow"
	"github.com/dbpoollint/dbpoollint/internal/ignore"
	"github.com/dbpoollint/dbpoollint/internal/lifecycle"
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
)

// Analyzer is maxopenzero with its default settings.
var Analyzer = New()

// New returns a fresh maxopenzero analyzer with its own flags.
func New() *analysis.Analyzer {
	c := new(checker)
	a := &analysis.Analyzer{
		Name:     "maxopenzero",
		Doc:      analyzerdoc.Extract(doc, "maxopenzero"),
		URL:      "https://github.com/dbpoollint/dbpoollint#maxopenzero",
		Requires: []*analysis.Analyzer{scope.Analyzer},
		Run:      ignore.Wrap(c.run),
	}
	a.Flags.BoolVar(&c.requireLimit, "require-limit", false,
		"also report database/sql pools opened without a positive SetMaxOpenConns before they escape (Go's default is unlimited)")
	return a
}

type checker struct {
	requireLimit bool
}

func (c *checker) run(pass *analysis.Pass) (any, error) {
	pkg := scope.Of(pass)
	if !pkg.Reaches {
		return nil, nil
	}
	inspect := pkg.Inspector()
	res := pkg.Resolver()
	for cur := range inspect.Root().Preorder((*ast.CallExpr)(nil)) {
		call, ok := res.Resolve(cur.Node().(*ast.CallExpr))
		if !ok || !isSetMaxOpenConns(call) || len(call.Args) != 1 {
			continue
		}
		tv := pass.TypesInfo.Types[call.Args[0]]
		if tv.Value == nil || tv.Value.Kind() != constant.Int || constant.Sign(tv.Value) > 0 {
			continue
		}
		pass.Report(analysis.Diagnostic{
			Pos:      call.Expr.Pos(),
			End:      call.Expr.End(),
			Category: CategoryUnlimited,
			Message: fmt.Sprintf("SetMaxOpenConns(%s) means no limit%s: a traffic spike opens connections until the database refuses them; set a positive limit",
				exprString(call.Args[0]), valueNote(call.Args[0], tv.Value)),
		})
	}
	if c.requireLimit {
		checkLimits(pass, res)
	}
	return nil, nil
}

// isSetMaxOpenConns reports whether the call is (*sql.DB).SetMaxOpenConns,
// promoted or not, or an interface method of that name and signature.
func isSetMaxOpenConns(c sqlapi.Call) bool {
	if c.IsMethod(sqlapi.SQL, "DB", "SetMaxOpenConns") {
		return true
	}
	if !c.Interface() || c.Name() != "SetMaxOpenConns" {
		return false
	}
	sig := c.Func.Type().(*types.Signature)
	if sig.Params().Len() != 1 || sig.Results().Len() != 0 {
		return false
	}
	b, ok := sig.Params().At(0).Type().Underlying().(*types.Basic)
	return ok && b.Kind() == types.Int
}

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

// checkLimits implements -require-limit, reading the lifecycle of every
// pool of the package.
func checkLimits(pass *analysis.Pass, res *sqlapi.Resolver) {
	l := &limits{pass: pass, res: res, lc: lifecycle.Of(pass)}
	for _, h := range l.lc.Kinds(sqlapi.DB) {
		call, ok := res.Resolve(h.Call)
		if !ok {
			continue
		}
		if o, ok := sqlapi.OpenerOf(call); !ok || !o.SQLDB {
			continue
		}
		l.related = nil
		if reason := l.unlimited(h, 0); reason != "" {
			pass.Report(analysis.Diagnostic{
				Pos:      h.Call.Pos(),
				End:      h.Call.End(),
				Category: CategoryNoLimit,
				Message:  fmt.Sprintf("pool with no SetMaxOpenConns (%s): Go's default is no limit, so a traffic spike exhausts the database; set one", reason),
				Related:  l.related,
			})
		}
	}
}

type limits struct {
	pass    *analysis.Pass
	res     *sqlapi.Resolver
	lc      *lifecycle.Result
	related []analysis.RelatedInformation // the callers that set no limit on a returned pool
}

// unlimited decides whether the pool h is left without a limit, and says
// where it goes then ("returned to the caller", "stored in s.db", ...); ""
// means it is limited, or handed to code that cannot be seen.
func (l *limits) unlimited(h *lifecycle.Handle, depth int) string {
	switch d := h.Dest; d.Kind {
	case flow.Returned:
		return l.returned(h.Func, depth)
	case flow.Blank:
		return "discarded"
	case flow.Stored:
		return "stored in " + types.ExprString(d.Lhs)
	case flow.Bound:
		if h.Fate != lifecycle.Tracked {
			// A package variable or a variable of an enclosing function.
			if l.setsLimit(h.Func, d.Var) {
				return ""
			}
			if d.Var.Parent() == l.pass.Pkg.Scope() {
				return "stored in " + d.Var.Name()
			}
			return "used here"
		}
	default:
		return "" // passed on, or used where it is opened: the pool's next owner's business
	}
	for _, u := range h.Uses {
		if u.Setting == "SetMaxOpenConns" {
			return "" // a constant limit <= 0 is reported on its own; one finding is enough
		}
	}
	if h.Escape == lifecycle.Returned {
		return l.returned(h.Func, depth)
	}
	return "used here"
}

// returned decides for a pool returned unlimited by f: fine when f has
// callers in this package and each of them limits what it gets.
func (l *limits) returned(f *flow.Func, depth int) string {
	if f == nil || f.Obj == nil || depth > 3 {
		return "returned"
	}
	callers := l.lc.ProducedBy(f.Obj)
	if len(callers) == 0 {
		return "returned"
	}
	for _, c := range callers {
		if reason := l.unlimited(c, depth+1); reason != "" {
			l.related = append(l.related, analysis.RelatedInformation{Pos: c.Call.Pos(), End: c.Call.End(), Message: f.Obj.Name() + "'s caller, which sets no limit"})
			return fmt.Sprintf("returned by %s, whose caller sets none", f.Obj.Name())
		}
	}
	return ""
}

// setsLimit reports whether f calls v.SetMaxOpenConns, for a variable the
// lifecycle does not follow (a package variable).
func (l *limits) setsLimit(f *flow.Func, v *types.Var) bool {
	for _, c := range f.Uses(v) {
		if c.ParentEdgeKind() != edge.SelectorExpr_X || c.Parent().ParentEdgeKind() != edge.CallExpr_Fun {
			continue
		}
		if call, ok := l.res.Resolve(c.Parent().Parent().Node().(*ast.CallExpr)); ok && isSetMaxOpenConns(call) {
			return true
		}
	}
	return false
}

func calleeName(c sqlapi.Call) string {
	if c.Func.Pkg() == nil {
		return c.Func.Name()
	}
	return c.Func.Pkg().Name() + "." + c.Func.Name()
}
