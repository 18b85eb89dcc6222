package ctxquery

// This file knows a transaction begun without a context whose statements
// all take the context at hand: only the BEGIN goes without it.

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/dbpoollint/dbpoollint/internal/ctxfix"
	"github.com/dbpoollint/dbpoollint/internal/ctxsource"
	"github.com/dbpoollint/dbpoollint/internal/dbdriver"
	"github.com/dbpoollint/dbpoollint/internal/flow"
	"github.com/dbpoollint/dbpoollint/internal/scope"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// statementsCarry reports whether the call at cur begins a transaction
// without a context (db.Begin()) whose every statement in the function
// takes the context at hand (tx.ExecContext(ctx, ...)), and which goes to
// no other function: a cancelled statement fails, and the transaction ends
// by its Rollback or Commit in sight; only the BEGIN round trip is not
// bounded. Left to -strict.
func statementsCarry(pkg *scope.Package, cur inspector.Cursor, call sqlapi.Call, src ctxsource.Source, poolsLimited func() bool) bool {
	if k := ctxfix.ResultClass(call); k == nil || k.Kind != sqlapi.Tx || !k.Cancel {
		return false
	}
	if poolsLimited() {
		return false // the Begin may wait for a connection, with no deadline
	}
	if cur.ParentEdgeKind() != edge.AssignStmt_Rhs {
		return false
	}
	as := cur.Parent().Node().(*ast.AssignStmt)
	if len(as.Lhs) == 0 || len(as.Rhs) != 1 {
		return false
	}
	id, ok := as.Lhs[0].(*ast.Ident)
	if !ok {
		return false
	}
	info := pkg.Flow().Info
	tx, ok := info.ObjectOf(id).(*types.Var)
	if !ok {
		return false
	}
	f := pkg.Flow().EnclosingPos(call.Expr.Pos())
	if f == nil || f.Body == nil {
		return false
	}
	res := pkg.Resolver()
	statements, ok := 0, true
	flow.Inspect(f.Body, func(n ast.Node) bool {
		if !ok {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			// A literal using tx runs when the function cannot tell.
			flow.Inspect(n.Body, func(m ast.Node) bool {
				if x, isID := m.(*ast.Ident); isID && info.ObjectOf(x) == tx {
					ok = false
				}
				return ok
			})
			return false
		case *ast.CallExpr:
			for _, a := range n.Args {
				if x, isID := ast.Unparen(a).(*ast.Ident); isID && info.ObjectOf(x) == tx {
					ok = false // handed to another function
					return false
				}
			}
			c, resolved := res.Resolve(n)
			if !resolved || c.Recv == nil {
				return true
			}
			p, isPath := flow.PathOf(info, c.Recv)
			if !isPath || p.Root != tx || p.Fields != "" {
				return true
			}
			k := c.MethodClass()
			if k != nil && k.Releases(c.Name()) {
				return true
			}
			if !sqlapi.TakesContext(c) || len(c.Args) == 0 || !isSource(info, c.Args[0], src) {
				ok = false
				return false
			}
			statements++
		}
		return true
	})
	return ok && statements > 0
}

// isSource reports whether e is the context src names.
func isSource(info *types.Info, e ast.Expr, src ctxsource.Source) bool {
	if id, ok := ast.Unparen(e).(*ast.Ident); ok && src.Var != nil {
		return info.ObjectOf(id) == src.Var
	}
	return types.ExprString(e) == src.Expr
}

// poolsLimited reports whether the module (modscan's scan of its non-test
// files) or the package (a SetMaxOpenConns call on a pool) limits a pool.
// A module too large to scan counts as limited.
func poolsLimited(pass *analysis.Pass, pkg *scope.Package) bool {
	if m := dbdriver.Of(pass).Module; m != nil && m.LimitsPools {
		return true
	}
	for _, pc := range pkg.Calls() {
		if pc.Resolved && pc.Call.Recv != nil && pc.Call.Name() == "SetMaxOpenConns" {
			if k := sqlapi.ClassOf(pass.TypesInfo.TypeOf(pc.Call.Recv)); k != nil && k.Kind == sqlapi.DB {
				return true
			}
		}
	}
	return false
}
