package rowsclose

// This file knows where an error in the middle of a transaction's rows
// reaches the caller anyway: on PostgreSQL a failed statement aborts the
// transaction, and the Commit that follows the rows fails with it.

import (
	"go/ast"
	"go/token"
	"go/types"

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
	for _, h := range lifecycle.Of(pass).Kinds(sqlapi.Rows) {
		if h.Call.Pos() == pos {
			return surfacesAtCommit(pass, h)
		}
	}
	return false
}

// surfacesAtCommit reports whether h are rows of a transaction on
// PostgreSQL (pgx's own, or a package whose known drivers are all
// PostgreSQL's) whose failure reaches a Commit: an error in the middle of
// the rows aborts the transaction, and its Commit fails, so the error is
// mislabelled, not turned into data. Left to -strict. Either the
// transaction is begun out of sight (a parameter of the function or of a
// function literal it is written in: whoever begun it commits it, and gets
// the failure), or it is begun in the same function and its Commit comes
// after every Next of the rows with its error used (returned or checked).
func surfacesAtCommit(pass *analysis.Pass, h *lifecycle.Handle) bool {
	if h.Func == nil || !onPostgres(pass, h) {
		return false
	}
	pkg := scope.Of(pass)
	rc, ok := pkg.Resolver().Resolve(h.Call)
	if !ok || rc.Recv == nil {
		return false
	}
	recv := rc.Recv
	// tx.StmtContext(ctx, stmt).QueryContext(...): the transaction's.
	if call, ok := ast.Unparen(recv).(*ast.CallExpr); ok {
		if inner, ok := pkg.Resolver().Resolve(call); ok && inner.Recv != nil {
			if k := inner.MethodClass(); k != nil && k.Kind == sqlapi.Tx {
				recv = inner.Recv
			}
		}
	}
	p, ok := flow.PathOf(pass.TypesInfo, recv)
	if !ok || p.Fields != "" || p.Root == nil {
		return false
	}
	begun := false
	for _, tx := range lifecycle.Of(pass).Kinds(sqlapi.Tx) {
		if tx.Var == p.Root && tx.Func == h.Func {
			begun = true
		}
	}
	if !begun {
		return isParam(h.Func, p.Root) && isTx(pass, recv)
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
		if k := c.MethodClass(); k == nil || k.Kind != sqlapi.Tx {
			continue
		}
		if q, ok := flow.PathOf(pass.TypesInfo, c.Recv); !ok || q.Root != p.Root || q.Fields != "" {
			continue
		}
		if pc.Cur.ParentEdgeKind() == edge.ExprStmt_X || pc.Cur.ParentEdgeKind() == edge.DeferStmt_Call {
			continue // its error dropped
		}
		if pc.Cur.ParentEdgeKind() == edge.AssignStmt_Rhs {
			if as := pc.Cur.Parent().Node().(*ast.AssignStmt); len(as.Lhs) == 1 {
				if id, ok := as.Lhs[0].(*ast.Ident); ok && id.Name == "_" {
					continue
				}
			}
		}
		return true
	}
	return false
}

// isParam reports whether v is a parameter of f or of a function f is
// written in.
func isParam(f *flow.Func, v *types.Var) bool {
	for ; f != nil; f = f.Outer {
		if ps := f.Type.Params; ps != nil && ps.Pos() <= v.Pos() && v.Pos() < ps.End() {
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
