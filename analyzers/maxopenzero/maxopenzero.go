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
	"golang.org/x/tools/go/ast/inspector"

	"github.com/dbpoollint/dbpoollint/internal/analyzerdoc"
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
			Message: fmt.Sprintf("%s.SetMaxOpenConns(%s) makes the pool unlimited (%s): under a traffic spike it opens connections until the database refuses them; "+
				"set a positive limit below the server's max_connections divided by the number of instances",
				exprString(call.Recv), exprString(call.Args[0]), valueNote(call.Args[0], tv.Value)),
		})
	}
	if c.requireLimit {
		checkLimits(pass, inspect, res)
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

// valueNote explains the constant: "0 means no limit", or for a named
// constant "MaxConns is 0, and 0 means no limit".
func valueNote(arg ast.Expr, v constant.Value) string {
	what := "0 means no limit"
	if constant.Sign(v) < 0 {
		what = "a negative limit means no limit"
	}
	if _, isLit := ast.Unparen(arg).(*ast.BasicLit); isLit {
		return what
	}
	if u, ok := ast.Unparen(arg).(*ast.UnaryExpr); ok && u.Op == token.SUB {
		if _, isLit := ast.Unparen(u.X).(*ast.BasicLit); isLit {
			return what
		}
	}
	return fmt.Sprintf("%s is %s, and %s", exprString(arg), v.ExactString(), what)
}

func exprString(e ast.Expr) string {
	if e == nil {
		return "db"
	}
	return types.ExprString(e)
}

// checkLimits implements -require-limit.
func checkLimits(pass *analysis.Pass, in *inspector.Inspector, res *sqlapi.Resolver) {
	l := &limits{pass: pass, in: in, res: res, funcs: make(map[*types.Func]*ast.FuncDecl)}
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
					l.funcs[fn] = fd
				}
			}
		}
	}
	for cur := range in.Root().Preorder((*ast.CallExpr)(nil)) {
		call, ok := res.Resolve(cur.Node().(*ast.CallExpr))
		if !ok {
			continue
		}
		if o, ok := sqlapi.OpenerOf(call); !ok || !o.SQLDB {
			continue
		}
		if reason := l.unlimited(cur, call, 0); reason != "" {
			pass.Report(analysis.Diagnostic{
				Pos:      call.Expr.Pos(),
				End:      call.Expr.End(),
				Category: CategoryNoLimit,
				Message: fmt.Sprintf("pool from %s has no SetMaxOpenConns limit (%s): Go's default is unlimited, so a traffic spike opens connections until the database refuses them; "+
					"call SetMaxOpenConns with a positive limit where the pool is opened", calleeName(call), reason),
			})
		}
	}
}

type limits struct {
	pass  *analysis.Pass
	in    *inspector.Inspector
	res   *sqlapi.Resolver
	funcs map[*types.Func]*ast.FuncDecl // the package's functions with bodies
}

// unlimited decides whether the pool produced by the call at cur is left
// without a limit, and says where it goes then ("returned to the caller",
// "stored in s.db", ...); "" means it is limited, or handed to code that
// cannot be seen.
func (l *limits) unlimited(cur inspector.Cursor, call sqlapi.Call, depth int) string {
	body, fn := enclosingBody(l.pass.TypesInfo, cur)
	if body == nil {
		return "" // a package-level var initializer: configured in init, presumably
	}
	// Where does the pool go?
	var v *types.Var
	switch cur.ParentEdgeKind() {
	case edge.AssignStmt_Rhs:
		lhs := cur.Parent().Node().(*ast.AssignStmt).Lhs[0]
		if id, ok := ast.Unparen(lhs).(*ast.Ident); ok {
			v, _ = l.pass.TypesInfo.ObjectOf(id).(*types.Var)
		}
		if v == nil {
			return "stored in " + types.ExprString(lhs)
		}
	case edge.ValueSpec_Values:
		id := cur.Parent().Node().(*ast.ValueSpec).Names[0]
		v, _ = l.pass.TypesInfo.ObjectOf(id).(*types.Var)
	case edge.ReturnStmt_Results:
		return l.returned(fn, depth)
	case edge.CallExpr_Args:
		return "" // passed on directly: the callee's business
	default:
		return ""
	}
	if v == nil || v.Name() == "_" {
		return "discarded"
	}
	if l.limitedIn(body, v, depth) {
		return ""
	}
	if v.Parent() == l.pass.Pkg.Scope() {
		return "stored in package variable " + v.Name()
	}
	if fn != nil && returns(l.pass.TypesInfo, body, v) {
		return l.returned(fn, depth)
	}
	return "opened and used here"
}

// returned decides for a pool returned unlimited by fn: fine when fn has
// callers in this package and each of them limits what it gets.
func (l *limits) returned(fn *types.Func, depth int) string {
	if fn == nil || depth > 3 {
		return "returned to the caller"
	}
	callers := 0
	for cur := range l.in.Root().Preorder((*ast.CallExpr)(nil)) {
		call, ok := l.res.Resolve(cur.Node().(*ast.CallExpr))
		if !ok || call.Func != fn {
			continue
		}
		callers++
		if reason := l.unlimited(cur, call, depth+1); reason != "" {
			return fmt.Sprintf("returned by %s to its caller at line %d, which sets none",
				fn.Name(), l.pass.Fset.Position(call.Expr.Pos()).Line)
		}
	}
	if callers == 0 {
		return "returned to the caller"
	}
	return ""
}

// limitedIn reports whether body calls v.SetMaxOpenConns, or passes v to a
// same-package function that does so on its parameter.
func (l *limits) limitedIn(body *ast.BlockStmt, v *types.Var, depth int) bool {
	limited := false
	ast.Inspect(body, func(n ast.Node) bool {
		if limited {
			return false
		}
		ce, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		call, ok := l.res.Resolve(ce)
		if !ok {
			return true
		}
		if isSetMaxOpenConns(call) && len(call.Args) == 1 && l.refersTo(call.Recv, v) {
			// A constant limit <= 0 is reported on its own; one finding is enough.
			limited = true
			return true
		}
		if fd := l.funcs[call.Func]; fd != nil && depth < 3 {
			for i, arg := range call.Args {
				if !l.refersTo(arg, v) || fd.Type.Params == nil {
					continue
				}
				if p := paramAt(l.pass.TypesInfo, fd, i); p != nil && l.limitedIn(fd.Body, p, depth+1) {
					limited = true
				}
			}
		}
		return true
	})
	return limited
}

// refersTo reports whether e is v, possibly parenthesized.
func (l *limits) refersTo(e ast.Expr, v *types.Var) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && l.pass.TypesInfo.ObjectOf(id) == v
}

// paramAt returns the i'th parameter of fd (the last one for variadic tails).
func paramAt(info *types.Info, fd *ast.FuncDecl, i int) *types.Var {
	k := 0
	for _, field := range fd.Type.Params.List {
		names := field.Names
		if len(names) == 0 {
			k++
			continue
		}
		for _, name := range names {
			if k == i {
				v, _ := info.Defs[name].(*types.Var)
				return v
			}
			k++
		}
	}
	return nil
}

// returns reports whether a return statement of body (not of nested
// function literals) returns v.
func returns(info *types.Info, body *ast.BlockStmt, v *types.Var) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			for _, r := range n.Results {
				if id, ok := ast.Unparen(r).(*ast.Ident); ok && info.ObjectOf(id) == v {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// enclosingBody returns the body of the innermost function around cur, and
// the declared function when that is a FuncDecl.
func enclosingBody(info *types.Info, cur inspector.Cursor) (*ast.BlockStmt, *types.Func) {
	for c := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		switch n := c.Node().(type) {
		case *ast.FuncLit:
			return n.Body, nil
		case *ast.FuncDecl:
			fn, _ := info.Defs[n.Name].(*types.Func)
			return n.Body, fn
		}
	}
	return nil, nil
}

func calleeName(c sqlapi.Call) string {
	if c.Func.Pkg() == nil {
		return c.Func.Name()
	}
	return c.Func.Pkg().Name() + "." + c.Func.Name()
}
