package rowsclose

// This file holds the rows.Err shapes that x/tools' sqlrowserr, bundled
// with the suite, does not look for: rows.Err is the only way to tell an
// error in the middle of the rows from their end.

import (
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"

	"github.com/dbpoollint/dbpoollint/internal/flow"
	"github.com/dbpoollint/dbpoollint/internal/lifecycle"
	"github.com/dbpoollint/dbpoollint/internal/scope"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// reportErr reports rows read with Next whose Err is never checked: an
// existence check (if rows.Next()), rows of sqlx, of pgx or of a wrapper,
// rows assigned on several paths, rows read by a same-package helper; not a
// Next loop over database/sql rows that sqlrowserr reports itself, so that a
// user running both (go vet, gopls) sees each mistake once.
func reportErr(pass *analysis.Pass, res *sqlapi.Resolver, h *lifecycle.Handle, seen map[ast.Node]bool, tests bool) {
	if h.Fate != lifecycle.Tracked || h.Escapes || h.Escape != lifecycle.Stays {
		return // handed over: whoever gets the rows may check
	}
	if !tests && scope.Of(pass).Flow().ForTests(h.Call.Pos()) {
		return // a test's rows: the test checks what it read, nothing hangs (-rowsclose.tests reports them)
	}
	var next *lifecycle.Use
	for i, u := range h.Uses {
		switch {
		case u.Err:
			return
		case u.Next && next == nil:
			next = &h.Uses[i]
		}
	}
	if next == nil || sqlrowserrReports(pass, res, h) {
		return
	}
	v := h.Var.Name()
	line := pass.Fset.Position(next.Node.Pos()).Line
	what, reads := fmt.Sprintf("the Next loop at line %d", line), "the end of the rows"
	if !next.InLoop {
		what, reads = fmt.Sprintf("%s.Next at line %d", v, line), "no row"
	}
	if !within(next.Node, h.Func.Node) {
		// The helper reads rows its callers produce: one finding, at its
		// loop, where the check goes, whatever the number of callers.
		if seen[next.Node] {
			return
		}
		seen[next.Node] = true
		if call, ok := next.Node.(*ast.CallExpr); ok {
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
				v = types.ExprString(sel.X)
			}
		}
		this := "this Next loop"
		if !next.InLoop {
			this = "this Next"
		}
		pass.Report(analysis.Diagnostic{
			Pos: next.Node.Pos(), End: next.Node.End(), Category: CategoryErrUnchecked,
			Message: fmt.Sprintf("%s.Err is never checked after %s: an error reads as %s; check %s.Err() when Next returns false",
				v, this, reads, v),
			Related: []analysis.RelatedInformation{{Pos: h.Call.Pos(), End: h.Call.End(), Message: "rows produced here"}},
		})
		return
	}
	pass.Report(analysis.Diagnostic{
		Pos: h.Call.Pos(), End: h.Call.End(), Category: CategoryErrUnchecked,
		Message: fmt.Sprintf("%s.Err is never checked after %s: an error reads as %s; check %s.Err() when Next returns false",
			v, what, reads, v),
		Related: []analysis.RelatedInformation{{Pos: next.Node.Pos(), End: next.Node.End(), Message: "Next returns false on an error too"}},
	})
}

// sqlrowserrReports reports whether x/tools' sqlrowserr reports the handle:
// rows from a Query or QueryContext method of database/sql's Conn, DB, Stmt
// or Tx, assigned first to a variable used only as the receiver of method
// calls, none of them Err, one of them Next in a loop after its declaration.
func sqlrowserrReports(pass *analysis.Pass, res *sqlapi.Resolver, h *lifecycle.Handle) bool {
	c, ok := res.Resolve(h.Call)
	if !ok || c.Interface() || (c.Name() != "Query" && c.Name() != "QueryContext") {
		return false
	}
	if cl := c.MethodClass(); cl == nil || cl.Pkg != sqlapi.SQL || cl.Kind == sqlapi.Rows || cl.Kind == sqlapi.Row {
		return false
	}
	if firstTarget(h) != h.Var {
		return false
	}
	nextInLoop := false
	for _, u := range h.Func.Uses(h.Var) {
		id := u.Node().(*ast.Ident)
		if pass.TypesInfo.Defs[id] != nil {
			continue // the declaration
		}
		if u.ParentEdgeKind() != edge.SelectorExpr_X || u.Parent().ParentEdgeKind() != edge.CallExpr_Fun {
			return false
		}
		switch u.Parent().Node().(*ast.SelectorExpr).Sel.Name {
		case "Err":
			return false
		case "Next":
			for loop := range u.Enclosing((*ast.ForStmt)(nil), (*ast.RangeStmt)(nil)) {
				nextInLoop = nextInLoop || loop.Node().Pos() > h.Var.Pos()
				break
			}
		}
	}
	return nextInLoop
}

// firstTarget returns the variable of the first target of the producer's
// assignment or var spec.
func firstTarget(h *lifecycle.Handle) *types.Var {
	switch n := h.Dest.Stmt.Node().(type) {
	case *ast.AssignStmt:
		if id, ok := ast.Unparen(n.Lhs[0]).(*ast.Ident); ok && id.Name == h.Var.Name() {
			return h.Var
		}
	case *ast.ValueSpec:
		if n.Names[0].Name == h.Var.Name() {
			return h.Var
		}
	}
	return nil
}

func within(n, outer ast.Node) bool {
	return outer.Pos() <= n.Pos() && n.End() <= outer.End()
}

// reportErrHidden reports rows returned as an interface that has Next but
// no Err: no caller can ever check the error that ended the iteration.
func reportErrHidden(pass *analysis.Pass, h *lifecycle.Handle, tests bool) {
	if h.Var == nil && h.Dest.Kind != flow.Returned || h.Func == nil || h.Func.Obj == nil {
		return
	}
	if !tests && scope.Of(pass).Flow().ForTests(h.Call.Pos()) {
		return
	}
	results := h.Func.Obj.Signature().Results()
	for _, ret := range h.Func.Returns() {
		for k, r := range ret.Results {
			r = ast.Unparen(r)
			if r != h.Call && !(h.Var != nil && isIdentOf(pass.TypesInfo, r, h.Var)) {
				continue
			}
			if k >= results.Len() {
				continue
			}
			t := results.At(k).Type()
			if !types.IsInterface(t) || !sqlapi.HasMethod(t, pass.Pkg, "Next") || sqlapi.HasMethod(t, pass.Pkg, "Err") {
				continue
			}
			name := types.TypeString(t, types.RelativeTo(pass.Pkg))
			pass.Report(analysis.Diagnostic{
				Pos: r.Pos(), End: r.End(), Category: CategoryErrUnchecked,
				Message: fmt.Sprintf("rows returned as %s, which has no Err method: no caller can tell an error from the end of the rows; add Err() error to %s",
					name, name),
			})
			return
		}
	}
}

func isIdentOf(info *types.Info, e ast.Expr, v *types.Var) bool {
	id, ok := e.(*ast.Ident)
	return ok && info.Uses[id] == v
}
