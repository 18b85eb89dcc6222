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
// a statement prepared from pq.CopyIn or pq.CopyInSchema in the function:
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
	for _, d := range defs {
		rhs := d.Assign.Rhs
		if d.Assign.Multi != nil && d.Assign.Index == 0 {
			rhs = d.Assign.Multi
		}
		if !preparesCopy(info, res, rhs) {
			return false
		}
	}
	return true
}

// preparesCopy reports whether e is a Prepare or PrepareContext whose query
// is pq.CopyIn(...) or pq.CopyInSchema(...).
func preparesCopy(info *types.Info, res *sqlapi.Resolver, e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	c, ok := res.Resolve(call)
	if !ok || len(c.Args) == 0 {
		return false
	}
	q := c.Args[len(c.Args)-1]
	switch c.Name() {
	case "Prepare", "PrepareContext":
	default:
		return false
	}
	if c.Recv == nil || sqlapi.HandleOf(info.TypeOf(c.Recv)) == sqlapi.NoHandle {
		return false
	}
	qc, ok := ast.Unparen(q).(*ast.CallExpr)
	if !ok {
		return false
	}
	rc, ok := res.Resolve(qc)
	return ok && (rc.IsFunc(sqlapi.PQ, "CopyIn") || rc.IsFunc(sqlapi.PQ, "CopyInSchema"))
}
