package rowsclose

// This file knows where an error in the middle of a transaction's rows
// reaches the caller anyway: on PostgreSQL a failed statement aborts the
// transaction, and the Commit that follows the rows fails with it.

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"

	"github.com/dbpoollint/dbpoollint/internal/dbdriver"
	"github.com/dbpoollint/dbpoollint/internal/flow"
	"github.com/dbpoollint/dbpoollint/internal/lifecycle"
	"github.com/dbpoollint/dbpoollint/internal/scope"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// SurfacesAtCommit reports whether the rows produced at pos (the call's
// position, as sqlrowserr reports it) are those of surfacesAtCommit.
func SurfacesAtCommit(pass *analysis.Pass, pos token.Pos) bool {
	return rowsAt(pass, pos, surfacesAtCommit)
}

// rowsAt reports whether the rows produced at pos (the call's position, as
// sqlrowserr reports it) satisfy is.
func rowsAt(pass *analysis.Pass, pos token.Pos, is func(*analysis.Pass, *lifecycle.Handle) bool) bool {
	for _, h := range lifecycle.Of(pass).Kinds(sqlapi.Rows) {
		if h.Call.Pos() == pos {
			return is(pass, h)
		}
	}
	return false
}

// surfacesAtCommit reports whether h are rows of a transaction on
// PostgreSQL (pgx's own, or a package whose known drivers are all
// PostgreSQL's) whose failure reaches a Commit: an error in the middle of
// the rows aborts the transaction, and its Commit fails, so the error is
// mislabelled, not turned into data. Left to -strict. Either the
// transaction is begun out of sight (a parameter or the receiver of the
// function or of a function literal it is written in, or a field of one,
// embedded fields included: whoever begun it commits it, and gets the
// failure), or it is held in a local variable and its Commit comes after
// every Next of the rows with its error used (returned or checked). The
// transaction is any txOf finds: through an interface or a wrapper, or
// named by squirrel's RunWith.
func surfacesAtCommit(pass *analysis.Pass, h *lifecycle.Handle) bool {
	if h.Func == nil || !onPostgres(pass, h) {
		return false
	}
	pkg := scope.Of(pass)
	recv, ok := txOf(pass, pkg.Resolver(), h)
	if !ok {
		return false
	}
	p, ok := flow.PathOf(pass.TypesInfo, recv)
	if !ok || p.Root == nil {
		return false
	}
	if isParam(h.Func, p.Root) || p.Fields == "" && h.Func.InBody(p.Root) && !begunIn(pass, h.Func, p.Root) {
		// A parameter, the receiver, or a field of one (a struct embedding
		// the runner's *sql.Tx), or a local copy of one: begun and
		// committed out of sight, unless a caller in sight never commits
		// it (a read-only transaction only rolled back).
		return callersCommit(pass, h.Func, p.Root)
	}
	if p.Fields != "" || !returnsError(pass.TypesInfo, h.Func) {
		return false // a Commit whose failure no caller hears
	}
	last := token.NoPos
	for _, u := range h.Uses {
		if u.Next && u.Node.Pos() > last {
			last = u.Node.Pos()
		}
	}
	if !last.IsValid() {
		return false
	}
	for _, pc := range pkg.Calls() {
		c := pc.Call
		if !pc.Resolved || c.Recv == nil || c.Name() != "Commit" || pc.Expr.Pos() <= last || !within(pc.Expr, h.Func.Body) {
			continue
		}
		if k := c.MethodClass(); (k == nil || k.Kind != sqlapi.Tx) && !txLike(pass.TypesInfo.TypeOf(c.Recv)) {
			continue
		}
		if q, ok := flow.PathOf(pass.TypesInfo, c.Recv); !ok || q.Root != p.Root || q.Fields != "" {
			continue
		}
		if committed(pc) {
			return true
		}
	}
	return false
}

// committed reports whether the Commit call pc uses its error (returns,
// assigns or tests it).
func committed(pc scope.Call) bool {
	if pc.Cur.ParentEdgeKind() == edge.ExprStmt_X || pc.Cur.ParentEdgeKind() == edge.DeferStmt_Call {
		return false // its error dropped
	}
	if pc.Cur.ParentEdgeKind() == edge.AssignStmt_Rhs {
		if as := pc.Cur.Parent().Node().(*ast.AssignStmt); len(as.Lhs) == 1 {
			if id, ok := as.Lhs[0].(*ast.Ident); ok && id.Name == "_" {
				return false
			}
		}
	}
	return true
}

// returnsError reports whether f's last result is an error.
func returnsError(info *types.Info, f *flow.Func) bool {
	res := f.Type.Results
	if res == nil || len(res.List) == 0 {
		return false
	}
	t := info.TypeOf(res.List[len(res.List)-1].Type)
	return t != nil && types.Identical(t, types.Universe.Lookup("error").Type())
}

// callersCommit reports whether every call in this package of f (a
// declared function whose parameter is tx) commits, in the calling
// function, the transaction it passes for tx, with its error used. A
// function no call in sight reaches is trusted, and so are the calls of
// the package's tests.
func callersCommit(pass *analysis.Pass, f *flow.Func, tx *types.Var) bool {
	if f.Obj == nil {
		return true
	}
	params := f.Obj.Signature().Params()
	idx := -1
	for i := range params.Len() {
		if params.At(i) == tx {
			idx = i
		}
	}
	if idx < 0 {
		return true
	}
	pkg := scope.Of(pass)
	fl := pkg.Flow()
	for _, pc := range pkg.Calls() {
		if !pc.Resolved || pc.Call.Func != f.Obj || idx >= len(pc.Call.Args) {
			continue
		}
		caller := fl.EnclosingPos(pc.Expr.Pos())
		if caller == nil || caller == f {
			continue // a recursive call
		}
		if tf := pass.Fset.File(pc.Expr.Pos()); tf != nil && strings.HasSuffix(tf.Name(), "_test.go") {
			continue // a test's transaction, rolled back when the test is done, says nothing of the service's
		}
		p, ok := flow.PathOf(pass.TypesInfo, pc.Call.Args[idx])
		if !ok || p.Fields != "" {
			continue
		}
		if isParam(caller, p.Root) {
			continue // passed on: its own callers commit it
		}
		found := false
		for _, cc := range pkg.Calls() {
			if !cc.Resolved || cc.Call.Recv == nil || cc.Call.Name() != "Commit" || !within(cc.Expr, caller.Body) {
				continue
			}
			if q, ok := flow.PathOf(pass.TypesInfo, cc.Call.Recv); ok && q.Root == p.Root && q.Fields == "" && committed(cc) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// txOf returns the transaction the rows h are read from, if they are a
// transaction's: the receiver of their producer, or the transaction a
// statement (tx.StmtContext(ctx, stmt).QueryContext) or a squirrel builder
// (sq.Select(...).RunWith(tx).Query()) runs on, of a type the tables class
// as a transaction (database/sql's, sqlx's, pgx's, a struct embedding one)
// or of an interface with Commit() error and Rollback() error (a project's
// Tx, implemented by a struct embedding *sql.Tx).
func txOf(pass *analysis.Pass, res *sqlapi.Resolver, h *lifecycle.Handle) (ast.Expr, bool) {
	rc, ok := res.Resolve(h.Call)
	if !ok || rc.Recv == nil {
		return nil, false
	}
	recv := rc.Recv
	for range 8 {
		call, ok := ast.Unparen(recv).(*ast.CallExpr)
		if !ok {
			break
		}
		inner, ok := res.Resolve(call)
		if !ok || inner.Recv == nil {
			break
		}
		if k := inner.MethodClass(); k != nil && k.Kind == sqlapi.Tx {
			recv = inner.Recv // tx.StmtContext(ctx, stmt)
			break
		}
		if inner.Func.Pkg() == nil || inner.Func.Pkg().Path() != sqlapi.Squirrel {
			break
		}
		if inner.Name() == "RunWith" && len(inner.Args) == 1 {
			recv = inner.Args[0]
			break
		}
		recv = inner.Recv // a builder made by another: sq.Select(...).Where(...)
	}
	if tx, ok := stmtTx(pass, res, h.Func, recv, h.Call.Pos()); ok {
		recv = tx // st, err := tx.PrepareContext(ctx, q); st.QueryContext(ctx)
	}
	if t := pass.TypesInfo.TypeOf(recv); isTx(pass, recv) || txLike(t) {
		return recv, true
	}
	return nil, false
}

// stmtTx returns the transaction a statement held in a local variable of f
// is bound to at pos: every definition of the variable that reaches pos
// takes it from a method of one transaction (tx.Prepare, tx.PrepareContext,
// tx.Stmt, tx.StmtContext), named by one variable or one field path of it
// (t.tx of a receiver holding the transaction), and none comes from the
// function's entry. database/sql ties the rows of such a statement to the
// transaction: its end closes them.
func stmtTx(pass *analysis.Pass, res *sqlapi.Resolver, f *flow.Func, recv ast.Expr, pos token.Pos) (ast.Expr, bool) {
	id, ok := ast.Unparen(recv).(*ast.Ident)
	if !ok || f == nil {
		return nil, false
	}
	v, ok := pass.TypesInfo.Uses[id].(*types.Var)
	if !ok || !f.InBody(v) || sqlapi.HandleOf(v.Type()) != sqlapi.Stmt {
		return nil, false
	}
	defs, entry, ok := f.Reaching(v, pos)
	if !ok || entry || len(defs) == 0 {
		return nil, false
	}
	var tx ast.Expr
	var root *types.Var
	fields := ""
	for _, d := range defs {
		if !d.Known {
			return nil, false
		}
		call, ok := ast.Unparen(d.Assign.Value()).(*ast.CallExpr)
		if !ok || d.Assign.Multi != nil && d.Assign.Index != 0 {
			return nil, false
		}
		c, ok := res.Resolve(call)
		if !ok || c.Recv == nil {
			return nil, false
		}
		if k := c.MethodClass(); k == nil || k.Kind != sqlapi.Tx {
			return nil, false
		}
		p, ok := flow.PathOf(pass.TypesInfo, c.Recv)
		if !ok || p.Root == nil || root != nil && (p.Root != root || p.Fields != fields) {
			return nil, false
		}
		tx, root, fields = c.Recv, p.Root, p.Fields
	}
	return tx, true
}

// txLike reports whether t is an interface with the methods that end a
// transaction, Commit() error and Rollback() error.
func txLike(t types.Type) bool {
	if t == nil || !types.IsInterface(t) {
		return false
	}
	for _, name := range []string{"Commit", "Rollback"} {
		obj, _, _ := types.LookupFieldOrMethod(t, false, nil, name)
		fn, ok := obj.(*types.Func)
		if !ok {
			return false
		}
		sig := fn.Signature()
		if sig.Params().Len() != 0 || sig.Results().Len() != 1 || !types.Identical(sig.Results().At(0).Type(), types.Universe.Lookup("error").Type()) {
			return false
		}
	}
	return true
}

// begunIn reports whether the transaction v is begun in f: v is a local
// variable of f's body that the tables' Begin produces, or that takes a
// result of a call returned with others (tx, err := conn.Begin() of a
// project's Tx interface); not a copy of a field (tx := m.Tx).
func begunIn(pass *analysis.Pass, f *flow.Func, v *types.Var) bool {
	if f == nil || !f.InBody(v) {
		return false
	}
	for _, tx := range lifecycle.Of(pass).Kinds(sqlapi.Tx) {
		if tx.Var == v && tx.Func == f {
			return true
		}
	}
	for _, d := range f.Defs(v) {
		if !d.Known {
			return true // cannot tell: as begun here
		}
		if _, ok := ast.Unparen(d.Assign.Multi).(*ast.CallExpr); ok {
			return true
		}
	}
	return false
}

// isParam reports whether v is a parameter or the receiver of f or of a
// function f is written in.
func isParam(f *flow.Func, v *types.Var) bool {
	for ; f != nil; f = f.Outer {
		if ps := f.Type.Params; ps != nil && ps.Pos() <= v.Pos() && v.Pos() < ps.End() {
			return true
		}
		if d, ok := f.Node.(*ast.FuncDecl); ok && d.Recv != nil && d.Recv.Pos() <= v.Pos() && v.Pos() < d.Recv.End() {
			return true
		}
	}
	return false
}

// isTx reports whether recv is a transaction (database/sql's, sqlx's,
// pgx's).
func isTx(pass *analysis.Pass, recv ast.Expr) bool {
	c := sqlapi.ClassOf(pass.TypesInfo.TypeOf(recv))
	return c != nil && c.Kind == sqlapi.Tx
}

// onPostgres reports whether the rows can only be PostgreSQL's: pgx's own,
// or database/sql rows in a package whose known drivers are all PostgreSQL
// drivers.
func onPostgres(pass *analysis.Pass, h *lifecycle.Handle) bool {
	if sqlapi.NativePostgres(h.Class) {
		return true
	}
	ds := dbdriver.Of(pass).Drivers()
	if len(ds) == 0 {
		return false
	}
	for _, d := range ds {
		if d.Dialect != sqlapi.Postgres {
			return false
		}
	}
	return true
}
