// Package ctxfix decides whether a suggested fix may put the context at hand
// into a database call: the fix must not change what a correct program
// does beyond giving the call its deadline. ctxquery asks it for its own
// fixes, rowsclose for the Exec it puts in place of a discarded query.
package ctxfix

// This file knows which context a transaction is bound to, as far as the
// function can see: a statement of a transaction that was begun with a
// context runs, with that context, no longer than the transaction does; a
// statement of a transaction begun out of sight (a parameter, a field, the
// argument of a callback a transaction helper runs) may belong to a unit
// of work that is not tied to the context at hand, and cancelling that one
// statement is not the same as bounding the transaction.

import (
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/dbpoollint/dbpoollint/internal/ctxsource"
	"github.com/dbpoollint/dbpoollint/internal/flow"
	"github.com/dbpoollint/dbpoollint/internal/scope"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// Origin says where the transaction a statement runs on was begun.
type Origin int

const (
	// NotTx: the call is not a statement of a transaction, or its
	// transaction was begun in sight without a context (db.Begin()): the
	// Begin's own finding binds it, today's fix stands.
	NotTx Origin = iota
	// BegunWith: begun in sight with a context (db.BeginTx(ctx, nil),
	// pgx.BeginFunc(ctx, ...)): the statement may take that same context.
	BegunWith
	// OutOfSight: a parameter of a named function, of a function literal
	// assigned or given to a call that receives a context, a field, a
	// result of another call: report, never fix.
	OutOfSight
	// HelperNoContext: the parameter of a function literal given to a call
	// that receives no context (sqlutil.WithTransaction(db, func(tx
	// *sqlx.Tx) error {...})): the helper could only begin it without the
	// caller's context, so the transaction is not the context's unit of
	// work. Reported under -strict only.
	HelperNoContext
)

// Binding is what TxOf found.
type Binding struct {
	Origin Origin
	// ctx is, for BegunWith, the context the transaction was begun with.
	ctx ast.Expr
	// here: a Begin call of the function (or of one enclosing it) began
	// the transaction, not a library running a callback.
	here bool
}

// BegunHereWith reports whether the transaction was begun in sight, by a
// Begin call of the function or of one enclosing it (db.BeginTx(ctx, nil),
// x.BeginTxx(ctx, nil)), with the context src names.
func (b Binding) BegunHereWith(info *types.Info, src ctxsource.Source) bool {
	return b.here && b.Origin == BegunWith && b.Fixes(info, src)
}

// Fixes reports whether a fix may pass src to a statement of the
// transaction: only when the transaction was begun with that same context,
// or the call is not on a transaction begun elsewhere.
func (b Binding) Fixes(info *types.Info, src ctxsource.Source) bool {
	switch b.Origin {
	case NotTx:
		return true
	case BegunWith:
		e := ast.Unparen(b.ctx)
		if id, ok := e.(*ast.Ident); ok {
			return src.Kind == ctxsource.Var && src.Var != nil && info.ObjectOf(id) == src.Var
		}
		return types.ExprString(e) == src.Expr
	}
	return false
}

// TxOf returns where the transaction the call at cur runs on was begun: the
// call's receiver, or for a package function (sqlx.Get(tx, ...)) its first
// argument that is a transaction.
func TxOf(pkg *scope.Package, cur inspector.Cursor, call sqlapi.Call) Binding {
	info := pkg.Flow().Info
	isTx := func(e ast.Expr) bool {
		c := sqlapi.ClassOf(info.TypeOf(e))
		return c != nil && c.Kind == sqlapi.Tx
	}
	fl := pkg.Flow()
	var tx ast.Expr
	if call.Recv != nil {
		tx = txBehind(pkg, call.Recv)
	} else {
		for _, a := range call.Args {
			if isTx(a) {
				tx = a
				break
			}
		}
	}
	if tx == nil {
		return Binding{}
	}
	v := fl.LocalVar(tx)
	if v == nil {
		return Binding{Origin: OutOfSight} // a field, a package variable, a call's result
	}
	fi := fl.EnclosingPos(call.Expr.Pos())
	for fi != nil && !fi.IsLocal(v) {
		fi = fi.Outer
	}
	if fi == nil {
		return Binding{Origin: OutOfSight}
	}
	if !fi.InBody(v) {
		return paramOrigin(pkg, cur, fi)
	}
	var b Binding
	defs := fi.Defs(v)
	if len(defs) == 0 {
		return Binding{Origin: OutOfSight}
	}
	for i, d := range defs {
		ctx, ok := begins(pkg.Resolver(), d)
		if !ok {
			return Binding{Origin: OutOfSight}
		}
		o := Binding{Origin: NotTx}
		if ctx != nil {
			o = Binding{Origin: BegunWith, ctx: ctx, here: true}
		}
		if i > 0 && (o.Origin != b.Origin || o.ctx != nil && types.ExprString(o.ctx) != types.ExprString(b.ctx)) {
			return Binding{Origin: OutOfSight} // begun in two ways
		}
		b = o
	}
	return b
}

// txBehind returns the transaction e is, or the one a statement e was
// prepared on or bound to in sight (tx.Stmt(s), stmt, err :=
// tx.Prepare(q)), or nil.
func txBehind(pkg *scope.Package, e ast.Expr) ast.Expr {
	info := pkg.Flow().Info
	kind := func(e ast.Expr) sqlapi.Handle {
		if c := sqlapi.ClassOf(info.TypeOf(e)); c != nil {
			return c.Kind
		}
		return sqlapi.NoHandle
	}
	switch kind(e) {
	case sqlapi.Tx:
		return e
	case sqlapi.Stmt:
	default:
		return nil
	}
	// on returns the transaction a call that makes a statement runs on.
	on := func(v ast.Expr) ast.Expr {
		call, ok := ast.Unparen(v).(*ast.CallExpr)
		if !ok {
			return nil
		}
		rc, ok := pkg.Resolver().Resolve(call)
		if !ok {
			return nil
		}
		if rc.Recv != nil && kind(rc.Recv) == sqlapi.Tx {
			return rc.Recv
		}
		if rc.Recv == nil && len(rc.Args) > 0 && kind(rc.Args[0]) == sqlapi.Tx { // sqlx.Preparex(tx, q)
			return rc.Args[0]
		}
		return nil
	}
	if tx := on(e); tx != nil {
		return tx
	}
	fl := pkg.Flow()
	v := fl.LocalVar(e)
	if v == nil {
		return nil
	}
	fi := fl.EnclosingPos(e.Pos())
	for fi != nil && !fi.IsLocal(v) {
		fi = fi.Outer
	}
	if fi == nil || !fi.InBody(v) {
		return nil
	}
	var tx ast.Expr
	for _, d := range fi.Defs(v) {
		if !d.Known {
			return nil
		}
		t := on(d.Assign.Value())
		if t == nil || tx != nil && types.ExprString(t) != types.ExprString(tx) {
			return nil // a statement of a pool on some path: its fix stands
		}
		tx = t
	}
	return tx
}

// begins reports whether the definition d assigns the transaction a Begin
// returns (Begin, BeginTx, Beginx, MustBegin, pgx's Begin), and the context
// it was given, nil for none.
func begins(res *sqlapi.Resolver, d flow.Def) (ast.Expr, bool) {
	if !d.Known {
		return nil, false
	}
	call, ok := ast.Unparen(d.Assign.Value()).(*ast.CallExpr)
	if !ok {
		return nil, false
	}
	rc, ok := res.Resolve(call)
	if !ok {
		return nil, false
	}
	name := rc.Name()
	if !strings.HasPrefix(name, "Begin") && !strings.HasPrefix(name, "MustBegin") {
		return nil, false
	}
	if c := ResultClass(rc); c == nil || c.Kind != sqlapi.Tx {
		return nil, false
	}
	if params := rc.Func.Signature().Params(); params.Len() > 0 && len(rc.Args) > 0 && sqlapi.IsContext(params.At(0).Type()) {
		return rc.Args[0], true
	}
	return nil, true
}

// paramOrigin says where a transaction that is a parameter of fi was begun:
// out of sight, unless fi is a function literal given to a call. A
// transaction callback of a library that begins it with the context it is
// given (pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {...})) is begun
// with that context; one given to a call that receives no context at all
// (a helper that can only have begun it without the caller's) is
// HelperNoContext.
func paramOrigin(pkg *scope.Package, cur inspector.Cursor, fi *flow.Func) Binding {
	lit, ok := fi.Node.(*ast.FuncLit)
	if !ok {
		return Binding{Origin: OutOfSight}
	}
	var lc inspector.Cursor
	for fc := range cur.Enclosing((*ast.FuncLit)(nil)) {
		if fc.Node() == lit {
			lc = fc
			break
		}
	}
	if lc.Node() == nil {
		return Binding{Origin: OutOfSight}
	}
	for lc.ParentEdgeKind() == edge.ParenExpr_X {
		lc = lc.Parent()
	}
	if lc.ParentEdgeKind() != edge.CallExpr_Args {
		return Binding{Origin: OutOfSight} // assigned, returned: run by whom?
	}
	call := lc.Parent().Node().(*ast.CallExpr)
	info := pkg.Flow().Info
	if rc, ok := pkg.Resolver().Resolve(call); ok {
		if row, ok := sqlapi.ScopedOf(rc); ok && row.Kind == sqlapi.Tx {
			if params := rc.Func.Signature().Params(); params.Len() > 0 && len(rc.Args) > 0 && sqlapi.IsContext(params.At(0).Type()) {
				return Binding{Origin: BegunWith, ctx: rc.Args[0]}
			}
		}
		if rc.Recv != nil && sqlapi.IsContext(info.TypeOf(rc.Recv)) {
			return Binding{Origin: OutOfSight}
		}
	}
	for _, a := range call.Args {
		if sqlapi.IsContext(info.TypeOf(a)) {
			return Binding{Origin: OutOfSight}
		}
	}
	return Binding{Origin: HelperNoContext}
}

// ResultClass returns the class of the call's first result that is a
// handle, or nil.
func ResultClass(call sqlapi.Call) *sqlapi.Class {
	res := call.Func.Signature().Results()
	for i := range res.Len() {
		if c := sqlapi.ClassOf(res.At(i).Type()); c != nil {
			return c
		}
	}
	return nil
}

// Safe reports whether a fix may pass src into the call at cur: the call is
// not a statement of a transaction bound to another context (or to none in
// sight), and the context would not change which other database work the
// function does (ChangesWhatRuns), and it is no deadline the function made
// for other calls (OtherBudget).
func Safe(pkg *scope.Package, cur inspector.Cursor, call sqlapi.Call, src ctxsource.Source) bool {
	return TxOf(pkg, cur, call).Fixes(pkg.Flow().Info, src) && !ChangesWhatRuns(pkg, cur) && !OtherBudget(pkg, cur, src) && !UnderLock(pkg, cur)
}
