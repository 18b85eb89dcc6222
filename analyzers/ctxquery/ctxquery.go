package ctxquery

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/dbpoollint/dbpoollint/internal/analyzerdoc"
	"github.com/dbpoollint/dbpoollint/internal/ctxfix"
	"github.com/dbpoollint/dbpoollint/internal/ctxsource"
	"github.com/dbpoollint/dbpoollint/internal/dbdriver"
	"github.com/dbpoollint/dbpoollint/internal/flow"
	"github.com/dbpoollint/dbpoollint/internal/ignore"
	"github.com/dbpoollint/dbpoollint/internal/lifecycle"
	"github.com/dbpoollint/dbpoollint/internal/reqscope"
	"github.com/dbpoollint/dbpoollint/internal/scope"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

//go:embed doc.go
var doc string

// Diagnostic categories.
const (
	// CategoryMissing: a call of a method without context whose Context twin
	// exists.
	CategoryMissing = "missing-context"
	// CategoryDetached: a Context call given context.Background() or
	// context.TODO() while a context is at hand.
	CategoryDetached = "detached-context"
)

// Analyzer is ctxquery with its default settings.
var Analyzer = New()

// New returns a fresh ctxquery analyzer with its own flags.
func New() *analysis.Analyzer {
	c := new(checker)
	a := &analysis.Analyzer{
		Name:     "ctxquery",
		Doc:      analyzerdoc.Extract(doc, "ctxquery"),
		URL:      analyzerdoc.PageURL("ctxquery"),
		Requires: []*analysis.Analyzer{scope.Analyzer},
		Run:      ignore.Wrap(c.run),
	}
	a.Flags.BoolVar(&c.strict, "strict", false,
		"report calls without context everywhere, not only where a context is at hand")
	a.Flags.BoolVar(&c.tests, "tests", false,
		"also analyze _test.go files, where a *testing.T, B or F gives t.Context()")
	return a
}

type checker struct {
	strict bool
	tests  bool
}

func (c *checker) run(pass *analysis.Pass) (any, error) {
	pkg := scope.Of(pass)
	if !pkg.Reaches {
		return nil, nil
	}
	finder := ctxsource.NewFinder(pkg.Flow(), c.tests)
	once := reqscope.OneShotOf(pass)
	life := reqscope.LifetimeOf(pass)
	// shrugged reports whether a finding at cur is one a maintainer would
	// shrug at, left to -strict: code that runs once per process, work no
	// caller waits for (fireAndForget), and code whose context at hand is a
	// worker's lifetime context (it would add only cancellation at
	// shutdown, no deadline).
	ff := &fireAndForget{info: pass.TypesInfo, in: pkg.Inspector()}
	shrugged := func(cur inspector.Cursor, src ctxsource.Source) bool {
		return !c.strict && (dropsError(cur) || !src.FromRequest() && (once.At(cur) || ff.at(cur, src) || src.Kind == ctxsource.Var && life.At(cur, src.Var)))
	}
	drops := make(map[*types.Func]*ast.CallExpr) // dropsContext, per callee
	var sqliteOnly *bool
	onlySQLite := func() bool { // asked only of a Prepare
		if sqliteOnly == nil {
			b := dbdriver.Of(pass).OnlySQLite()
			sqliteOnly = &b
		}
		return *sqliteOnly
	}
	var poolLimit *bool
	limited := func() bool { // asked only of a Begin whose statements all take the context
		if poolLimit == nil {
			b := poolsLimited(pass, pkg)
			poolLimit = &b
		}
		return *poolLimit
	}
	res := pkg.Resolver()
	ch := &chains{pass: pass, res: res}
	for _, pc := range pkg.Calls() {
		if !pc.Resolved {
			continue
		}
		ch.check(pkg, finder, pc, func(n ast.Node) bool { return c.testSupport(pkg, n) }, shrugged)
		cur, call := pc.Cur, pc.Call
		if twin, ok := sqlapi.TwinOf(call); ok {
			if !c.strict && rebinds(call) {
				continue // tx.Stmt(s): the statement's own call is the query
			}
			if !c.strict && prepares(call) && onlySQLite() {
				continue // SQLite prepares in process; the statement's own call takes the context
			}
			src, atHand := finder.AtHand(cur)
			if atHand && (shrugged(cur, src) || !c.strict && (copyRow(pass.TypesInfo, pkg.Flow(), res, call) || statementsCarry(pkg, cur, call, src, limited) || preparesOnBoundTx(pkg, cur, call, src))) {
				continue
			}
			tx := ctxfix.TxOf(pkg, cur, call)
			if tx.Origin == ctxfix.HelperNoContext && !c.strict {
				continue // a helper began the transaction without the caller's context
			}
			live, isLive := finder.LiveAtHand(cur, lifecycle.Of(pass).At(call.Expr).ContextSpan())
			if isLive {
				src = live
			}
			if (atHand || c.strict) && !c.testSupport(pkg, cur.Node()) {
				reportMissing(pass, call, twin, src, atHand, isLive,
					fixedByRowsclose(pass, call) || ctxfix.ChangesWhatRuns(pkg, cur) || ctxfix.OtherBudget(pkg, cur, src) || ctxfix.UnderLock(pkg, cur) || !tx.Fixes(pass.TypesInfo, src))
			}
			continue
		}
		if c.strict {
			inner, seen := drops[call.Func]
			if !seen {
				inner = dropsContext(pkg, call.Func)
				drops[call.Func] = inner
			}
			if inner != nil {
				if src, atHand := finder.AtHand(cur); atHand && !c.testSupport(pkg, cur.Node()) {
					reportDropped(pass, call, inner, src)
				}
				continue
			}
		}
		if o, ok := sqlapi.OpenerOf(call); ok && !o.Single {
			continue // a pool outlives the call: its context must too (pgxpool dials in the background with it)
		}
		if sqlapi.TakesContext(call) && len(call.Args) > 0 && ctxsource.IsBackground(pass.TypesInfo, call.Args[0]) {
			// Only a context live for the whole call replaces it: with none
			// (an errgroup's after Wait), Background may be on purpose.
			if src, live := finder.LiveAtHand(cur, lifecycle.Of(pass).At(call.Expr).ContextSpan()); live && !c.testSupport(pkg, cur.Node()) && !shrugged(cur, src) {
				if tx := ctxfix.TxOf(pkg, cur, call); tx.Origin != ctxfix.HelperNoContext || c.strict {
					reportDetached(pass, call, src, !ctxfix.ChangesWhatRuns(pkg, cur) && !ctxfix.OtherBudget(pkg, cur, src) && !ctxfix.UnderLock(pkg, cur) && tx.Fixes(pass.TypesInfo, src))
				}
			}
		}
	}
	return nil, nil
}

// fireAndForget knows the functions whose work no caller waits for: a
// function declaration that returns nothing, exported or called by an
// exported one that returns nothing, whose context parameter is the one at
// hand. Such work (an audit or usage record, a cache refresh) reports its
// failure to no one, and callers out of sight run it in a goroutine with a
// request's context that ends before it does (go model.RecordLog(ctx,
// ...)): passing that context on would make the write fail where it
// succeeds today, and a write meant to outlive the request is often the
// point. Not reported by default (-strict reports it).
type fireAndForget struct {
	info  *types.Info
	in    *inspector.Inspector
	built bool
	// callers: for each function of the package, whether an exported
	// function declaration that returns nothing calls it.
	calledByExported map[*types.Func]bool
}

func (f *fireAndForget) at(cur inspector.Cursor, src ctxsource.Source) bool {
	if src.Kind != ctxsource.Var || src.Var == nil {
		return false
	}
	for fc := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		fd, ok := fc.Node().(*ast.FuncDecl)
		if !ok || !returnsNothing(fd) || !isParam(f.info, fd, src.Var) {
			return false
		}
		if fd.Name.IsExported() {
			return true
		}
		obj, _ := f.info.Defs[fd.Name].(*types.Func)
		return obj != nil && f.callers()[obj]
	}
	return false
}

// callers returns, once, the functions an exported function declaration
// that returns nothing calls.
func (f *fireAndForget) callers() map[*types.Func]bool {
	if f.built {
		return f.calledByExported
	}
	f.built = true
	f.calledByExported = make(map[*types.Func]bool)
	for c := range f.in.Root().Preorder((*ast.FuncDecl)(nil)) {
		fd := c.Node().(*ast.FuncDecl)
		if fd.Body == nil || !fd.Name.IsExported() || !returnsNothing(fd) {
			continue
		}
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if fn, ok := typeutil.Callee(f.info, call).(*types.Func); ok {
					f.calledByExported[fn] = true
				}
			}
			return true
		})
	}
	return f.calledByExported
}

func returnsNothing(fd *ast.FuncDecl) bool {
	return fd.Type.Results == nil || len(fd.Type.Results.List) == 0
}

// isParam reports whether v is a parameter of fd.
func isParam(info *types.Info, fd *ast.FuncDecl, v *types.Var) bool {
	for _, field := range fd.Type.Params.List {
		for _, name := range field.Names {
			if info.Defs[name] == v {
				return true
			}
		}
	}
	return false
}

// dropsContext returns the first database call without a context in the
// body of fn, a function of this package that takes no context itself (a
// wrapper: func (c *conn) Exec(q string) { c.db.Exec(q) }), or nil.
func dropsContext(pkg *scope.Package, fn *types.Func) *ast.CallExpr {
	f := pkg.Flow().Decl(fn)
	if f == nil {
		return nil
	}
	params := fn.Signature().Params()
	for i := range params.Len() {
		if sqlapi.IsContext(params.At(i).Type()) {
			return nil
		}
	}
	var found *ast.CallExpr
	res := pkg.Resolver()
	flow.Inspect(f.Body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && found == nil {
			if rc, ok := res.Resolve(call); ok {
				if _, ok := sqlapi.TwinOf(rc); ok && !rebinds(rc) {
					found = call
				}
			}
		}
		return found == nil
	})
	return found
}

// reportDropped reports, under -strict, a call with a context at hand of a
// same-package wrapper that runs a database call without one.
func reportDropped(pass *analysis.Pass, call sqlapi.Call, inner *ast.CallExpr, src ctxsource.Source) {
	name := types.ExprString(call.Fun())
	pass.Report(analysis.Diagnostic{
		Pos: call.Expr.Pos(), End: call.Expr.End(), Category: CategoryMissing,
		Message: fmt.Sprintf("%s drops %s: %s at line %d runs without it; give %s a context parameter and pass %s",
			name, src.Expr, types.ExprString(ast.Unparen(inner.Fun)), pass.Fset.Position(inner.Pos()).Line, call.Name(), src.Expr),
		Related: []analysis.RelatedInformation{{Pos: inner.Pos(), End: inner.End(), Message: "the call without a context"}},
	})
}

// rebinds reports whether the call binds a statement already prepared to a
// transaction (database/sql's Tx.Stmt, sqlx's Tx.Stmtx and Tx.NamedStmt):
// the query runs with the statement's own call, which takes the context.
func rebinds(c sqlapi.Call) bool {
	return c.IsMethod(sqlapi.SQL, "Tx", "Stmt") || c.IsMethod(sqlapi.Sqlx, "Tx", "Stmtx") || c.IsMethod(sqlapi.Sqlx, "Tx", "NamedStmt")
}

// prepares reports whether the call prepares a statement (Prepare of a pool
// or a transaction, sqlx's Preparex and PrepareNamed). Where the package's
// pools can only be SQLite's, a prepare without a context is left to
// -strict: SQLite prepares in process with no network round trip, both
// common drivers (mattn/go-sqlite3, modernc.org/sqlite) ignore the
// prepare's context, and the statement's own call, which runs it, carries
// the context. A Query or an Exec stays reported there: SQLite's drivers
// interrupt a running statement when its context ends.
func prepares(c sqlapi.Call) bool {
	return strings.Contains(c.Name(), "Prepare")
}

// testSupport reports whether n is in test code (a _test.go file, a
// function taking a *testing.T, a test harness package) and tests are not
// analyzed.
func (c *checker) testSupport(pkg *scope.Package, n ast.Node) bool {
	return !c.tests && pkg.Flow().ForTests(n.Pos())
}

// fixedByRowsclose reports whether the call is a query whose rows are
// discarded: rowsclose's fix owns it (one edit to the Context twin of Exec,
// with the context at hand), so that the suite's fixes never overlap.
func fixedByRowsclose(pass *analysis.Pass, call sqlapi.Call) bool {
	h := lifecycle.Of(pass).At(call.Expr)
	if h == nil || h.Fate != lifecycle.Discarded || !h.Unused() {
		return false
	}
	_, ok := sqlapi.ExecMethod(pass.TypesInfo, call)
	return ok
}

// reportMissing reports a call without context whose twin exists. The fix
// passes src only when it is live for the whole call (ctxsource.Live); a
// context at hand that is not (an errgroup's after Wait, one whose cancel
// may have run) is not named.
func reportMissing(pass *analysis.Pass, call sqlapi.Call, twin sqlapi.Twin, src ctxsource.Source, atHand, live, fixedElsewhere bool) {
	ctxExpr := "ctx"
	if atHand && live {
		ctxExpr = src.Expr
	}
	use := usage(call, twin, ctxExpr)
	if atHand && !live {
		use += " with a context that outlives it"
	}
	var fixes []analysis.SuggestedFix
	if atHand && live && !fixedElsewhere {
		edits, why := twinEdits(pass, call, twin, src)
		if edits != nil {
			fixes = []analysis.SuggestedFix{{
				Message:   fmt.Sprintf("Use %s with %s", twin.Name, src.Expr),
				TextEdits: edits,
			}}
		} else if why != "" {
			use += " (" + why + ")"
		}
	}
	var msg string
	if atHand {
		msg = fmt.Sprintf("%s takes no context, so %s; use %s",
			subject(call), consequence(pass.TypesInfo, call), use)
	} else {
		msg = fmt.Sprintf("%s takes no context, so no deadline reaches it and %s; pass one with %s",
			subject(call), consequence(pass.TypesInfo, call), use)
	}
	pass.Report(analysis.Diagnostic{
		Pos:            call.Expr.Pos(),
		End:            call.Expr.End(),
		Category:       CategoryMissing,
		Message:        msg,
		SuggestedFixes: fixes,
	})
}

// reportDetached reports a Context call given context.Background() or
// context.TODO() while src is at hand.
func reportDetached(pass *analysis.Pass, call sqlapi.Call, src ctxsource.Source, fixable bool) {
	arg := call.Args[0]
	bg := types.ExprString(ast.Unparen(arg))
	var fixes []analysis.SuggestedFix
	if sig, ok := call.Func.Type().(*types.Signature); ok && fixable && src.AssignableTo(sig.Params().At(0).Type()) {
		fixes = []analysis.SuggestedFix{{
			Message:   fmt.Sprintf("Pass %s instead of %s", src.Expr, bg),
			TextEdits: []analysis.TextEdit{{Pos: arg.Pos(), End: arg.End(), NewText: []byte(src.Expr)}},
		}}
	}
	pass.Report(analysis.Diagnostic{
		Pos:      call.Expr.Pos(),
		End:      call.Expr.End(),
		Category: CategoryDetached,
		Message: fmt.Sprintf("%s gets %s though %s is at hand: %s; pass %s",
			subject(call), bg, src.Expr, consequence(pass.TypesInfo, call), src.Expr),
		SuggestedFixes: fixes,
	})
}

// subject names the callee as the code writes it: db.Query, s.db.Query,
// sqlx.Select, (*sql.DB).Exec, or query (db.Query) for a method value.
func subject(call sqlapi.Call) string {
	fun := funExpr(call)
	if call.Via == sqlapi.MethodValue {
		return fmt.Sprintf("%s (%s.%s)", types.ExprString(fun), types.ExprString(call.Recv), call.Name())
	}
	return types.ExprString(fun)
}

// funExpr is the call's function expression without parentheses and explicit
// instantiation.
func funExpr(call sqlapi.Call) ast.Expr { return call.Fun() }

// usage writes the call of the twin: db.QueryContext(ctx, ...),
// db.BeginTx(ctx, nil), (*sql.DB).ExecContext(db, ctx, ...),
// sqlx.SelectContext(ctx, ...).
func usage(call sqlapi.Call, twin sqlapi.Twin, ctxExpr string) string {
	args := ctxExpr
	if twin.NilOptions {
		args += ", nil"
	}
	if len(call.Args) > 0 {
		args += ", ..."
	}
	fun := funExpr(call)
	switch call.Via {
	case sqlapi.MethodExpr:
		if sel, ok := fun.(*ast.SelectorExpr); ok {
			return fmt.Sprintf("%s.%s(%s, %s)", types.ExprString(sel.X), twin.Name, types.ExprString(call.Recv), args)
		}
	case sqlapi.MethodValue:
		return fmt.Sprintf("%s.%s(%s)", types.ExprString(call.Recv), twin.Name, args)
	}
	switch fun := fun.(type) {
	case *ast.SelectorExpr:
		return fmt.Sprintf("%s.%s(%s)", types.ExprString(fun.X), twin.Name, args)
	}
	return fmt.Sprintf("%s(%s)", twin.Name, args)
}

// consequence says what a call without the context at hand costs, by the
// kind of call (its name, with or without the Context suffix) and what the
// tables say of its library: no deadline or cancellation reaches it, and it
// holds its connection meanwhile. Only database/sql rolls a transaction back
// when the context it was begun with ends (sqlapi.Class.Cancel); pgx's
// context bounds the wait for a connection and the BEGIN alone.
func consequence(info *types.Info, call sqlapi.Call) string {
	name := call.Name()
	if o, ok := sqlapi.OpenerOf(call); ok && o.Connects {
		return "nothing cancels the connect"
	}
	switch {
	case strings.HasPrefix(name, "Begin") || strings.HasPrefix(name, "MustBegin") || name == "Tx": // ent's client.Tx(ctx)
		if c := ctxfix.ResultClass(call); c != nil && c.Kind == sqlapi.Tx && c.Cancel {
			return "cancelling never rolls it back"
		}
		if call.Recv != nil && sqlapi.HandleOf(info.TypeOf(call.Recv)) == sqlapi.DB {
			return "nothing cancels the wait for a connection"
		}
		return "nothing cancels the BEGIN"
	case strings.Contains(name, "Prepare") || strings.HasPrefix(name, "Stmt") || strings.HasPrefix(name, "NamedStmt"):
		return "nothing cancels the prepare"
	case strings.HasPrefix(name, "Ping"):
		return "nothing cancels the ping"
	case name == "Conn" || name == "Connx" || name == "Acquire":
		return "nothing cancels the wait for a connection"
	}
	return "nothing cancels the query"
}

// twinEdits returns the edits that switch the call to its twin with the
// context of src, or nil and, when useful to the user, why not.
func twinEdits(pass *analysis.Pass, call sqlapi.Call, twin sqlapi.Twin, src ctxsource.Source) ([]analysis.TextEdit, string) {
	if call.Via == sqlapi.MethodValue {
		return nil, ""
	}
	info := pass.TypesInfo
	var nameID *ast.Ident // the identifier naming the callee, renamed to the twin
	var fn *types.Func    // the twin
	switch fun := funExpr(call).(type) {
	case *ast.SelectorExpr:
		nameID = fun.Sel
		if call.Recv != nil {
			t := info.TypeOf(fun.X)
			if t == nil {
				return nil, ""
			}
			obj, _, _ := types.LookupFieldOrMethod(t, true, pass.Pkg, twin.Name)
			fn, _ = obj.(*types.Func)
		} else if call.Func.Pkg() != nil {
			fn, _ = call.Func.Pkg().Scope().Lookup(twin.Name).(*types.Func)
		}
	case *ast.Ident:
		// A dot-imported package function: the twin's name must reach it here.
		nameID = fun
		if call.Func.Pkg() == nil {
			return nil, ""
		}
		fn, _ = call.Func.Pkg().Scope().Lookup(twin.Name).(*types.Func)
		if scope := pass.Pkg.Scope().Innermost(fun.Pos()); scope == nil || fn == nil {
			return nil, ""
		} else if _, obj := scope.LookupParent(twin.Name, fun.Pos()); obj != fn {
			return nil, ""
		}
	}
	if nameID == nil || fn == nil {
		return nil, ""
	}
	if !call.Interface() && !sameReceiver(fn, call.Func) {
		return nil, "" // a type of the user's declares its own twin: not the pair TwinOf knows
	}
	if why, ok := accepts(info, call, twin, fn, src); !ok {
		return nil, why
	}
	edits := []analysis.TextEdit{{Pos: nameID.Pos(), End: nameID.End(), NewText: []byte(twin.Name)}}
	insert := src.Expr
	if twin.NilOptions {
		insert += ", nil"
	}
	switch {
	case call.Via == sqlapi.MethodExpr:
		// (*sql.DB).Exec(db, q) -> (*sql.DB).ExecContext(db, ctx, q)
		recv := call.Expr.Args[0]
		edits = append(edits, analysis.TextEdit{Pos: recv.End(), End: recv.End(), NewText: []byte(", " + insert)})
	case len(call.Args) == 0:
		edits = append(edits, analysis.TextEdit{Pos: call.Expr.Rparen, End: call.Expr.Rparen, NewText: []byte(insert)})
	default:
		first := call.Args[0]
		edits = append(edits, analysis.TextEdit{Pos: first.Pos(), End: first.Pos(), NewText: []byte(insert + ", ")})
	}
	return edits, ""
}

// accepts reports whether the twin fn, called with src's context, the call's
// arguments and (for NilOptions) a trailing nil, type-checks and yields what
// the original call yielded. When an argument does not fit, it says so.
func accepts(info *types.Info, call sqlapi.Call, twin sqlapi.Twin, fn *types.Func, src ctxsource.Source) (string, bool) {
	tsig, ok := fn.Type().(*types.Signature)
	if !ok {
		return "", false
	}
	osig, ok := info.TypeOf(call.Expr.Fun).(*types.Signature)
	if !ok || !types.Identical(osig.Results(), tsig.Results()) {
		return "", false
	}
	params := tsig.Params()
	if params.Len() == 0 || !src.AssignableTo(params.At(0).Type()) {
		return "", false
	}
	type arg struct {
		expr ast.Expr // nil for the trailing nil of NilOptions
		t    types.Type
	}
	var args []arg
	for _, e := range call.Args {
		t := info.TypeOf(e)
		if t == nil {
			return "", false
		}
		if _, isTuple := t.(*types.Tuple); isTuple {
			return "", false // f(g()) with g returning several values
		}
		args = append(args, arg{e, t})
	}
	if twin.NilOptions {
		if len(args) > 0 {
			return "", false
		}
		args = append(args, arg{nil, types.Typ[types.UntypedNil]})
	}
	n := params.Len() - 1 // parameters after the context
	param := func(i int) types.Type { return params.At(i + 1).Type() }
	ellipsis := call.Expr.Ellipsis.IsValid()
	switch {
	case ellipsis:
		if !tsig.Variadic() || len(args) != n {
			return "", false
		}
	case tsig.Variadic():
		if len(args) < n-1 {
			return "", false
		}
	default:
		if len(args) != n {
			return "", false
		}
	}
	for i, a := range args {
		var want types.Type
		switch {
		case tsig.Variadic() && !ellipsis && i >= n-1:
			s, ok := param(n - 1).(*types.Slice)
			if !ok {
				return "", false
			}
			want = s.Elem()
		default:
			want = param(i)
		}
		if !types.AssignableTo(a.t, want) {
			if a.expr != nil {
				return fmt.Sprintf("%s must implement %s", types.ExprString(a.expr), typeName(want)), false
			}
			return "", false
		}
	}
	return "", true
}

// sameReceiver reports whether two functions are both package-level or both
// methods of the same named type.
func sameReceiver(a, b *types.Func) bool {
	ra := a.Type().(*types.Signature).Recv()
	rb := b.Type().(*types.Signature).Recv()
	if ra == nil || rb == nil {
		return ra == nil && rb == nil && a.Pkg() == b.Pkg()
	}
	na, nb := sqlapi.NamedOf(ra.Type()), sqlapi.NamedOf(rb.Type())
	return na != nil && nb != nil && na.Origin().Obj() == nb.Origin().Obj()
}

// typeName writes t qualified by its package name: sqlx.QueryerContext.
func typeName(t types.Type) string {
	return types.TypeString(t, func(p *types.Package) string { return p.Name() })
}
