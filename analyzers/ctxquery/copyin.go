package ctxquery

// This file knows lib/pq's COPY IN: a statement prepared from pq.CopyIn
// whose Exec with values buffers a row in memory, and whose Exec without
// values sends the rows and ends the COPY.

import (
	"go/ast"
	"go/types"

	"github.com/dbpoollint/dbpoollint/internal/flow"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// copyRow reports whether the call is the Exec of one row, with values, on
// a statement prepared in the function from pq.CopyIn or pq.CopyInSchema,
// or from a query built out of sight when the function also runs the
// statement without values (the flush only a COPY accepts):
// the row is buffered, and the call that talks to the server is the flush
// (an Exec or ExecContext without values), where the context belongs.
func copyRow(info *types.Info, fl *flow.Package, res *sqlapi.Resolver, call sqlapi.Call) bool {
	if !call.IsMethod(sqlapi.SQL, "Stmt", "Exec") || len(call.Args) == 0 || call.Recv == nil {
		return false
	}
	v := fl.LocalVar(call.Recv)
	if v == nil {
		return false
	}
	fi := fl.EnclosingPos(call.Expr.Pos())
	for fi != nil && fi.Outer != nil && !fi.IsLocal(v) {
		fi = fi.Outer
	}
	if fi == nil {
		return false
	}
	defs := fi.Defs(v)
	if len(defs) == 0 {
		return false
	}
	flushed := -1 // unknown yet: whether the function flushes v without values
	for _, d := range defs {
		rhs := d.Assign.Rhs
		if d.Assign.Multi != nil && d.Assign.Index == 0 {
			rhs = d.Assign.Multi
		}
		copyIn, prepared := preparesCopy(info, res, rhs)
		if copyIn {
			continue
		}
		if !prepared {
			return false
		}
		// The query is built out of sight (a project's COPY helper): a
		// statement the function runs both with values and without any is
		// a COPY (a statement with placeholders takes exactly that many
		// values; lib/pq's COPY takes any number, and none ends it).
		if flushed < 0 {
			flushed = 0
			if flushesWithoutValues(fl, res, fi, v) {
				flushed = 1
			}
		}
		if flushed == 0 {
			return false
		}
	}
	return true
}

// flushesWithoutValues reports whether the function fi runs the statement
// v with no values: v.Exec() or v.ExecContext(ctx).
func flushesWithoutValues(fl *flow.Package, res *sqlapi.Resolver, fi *flow.Func, v *types.Var) bool {
	found := false
	flow.Inspect(fi.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if found || !ok {
			return !found
		}
		c, ok := res.Resolve(call)
		if !ok || c.Recv == nil {
			return true
		}
		if c.IsMethod(sqlapi.SQL, "Stmt", "Exec") && len(c.Args) == 0 || c.IsMethod(sqlapi.SQL, "Stmt", "ExecContext") && len(c.Args) == 1 {
			found = fl.LocalVar(c.Recv) == v
		}
		return !found
	})
	return found
}

// preparesCopy reports whether e is a Prepare or PrepareContext (prepared)
// and whether its query is pq.CopyIn(...) or pq.CopyInSchema(...) (copyIn).
func preparesCopy(info *types.Info, res *sqlapi.Resolver, e ast.Expr) (copyIn, prepared bool) {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false, false
	}
	c, ok := res.Resolve(call)
	if !ok || len(c.Args) == 0 {
		return false, false
	}
	q := c.Args[len(c.Args)-1]
	switch c.Name() {
	case "Prepare", "PrepareContext":
	default:
		return false, false
	}
	if c.Recv == nil || sqlapi.HandleOf(info.TypeOf(c.Recv)) == sqlapi.NoHandle {
		return false, false
	}
	qc, ok := ast.Unparen(q).(*ast.CallExpr)
	if !ok {
		return false, true
	}
	rc, ok := res.Resolve(qc)
	return ok && (rc.IsFunc(sqlapi.PQ, "CopyIn") || rc.IsFunc(sqlapi.PQ, "CopyInSchema")), true
}
