package rowsclose

// This file holds the busy connection: rows of a transaction or a
// dedicated connection still open while the same transaction or connection
// runs another statement. A transaction has one connection, and the
// drivers of MySQL, PostgreSQL and the others refuse a statement while the
// rows of another are unread (go-sql-driver's "busy buffer", pgx's "conn
// busy"); SQLite's drivers allow it. So the rule is dialect-specific: for
// database/sql it applies only when a driver the package's pools can use
// refuses the statement (dbdriver: the package's and its module's driver
// imports), and is silent when no driver is known; pgx's own handles are
// pgx's.

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"

	"github.com/dbpoollint/dbpoollint/internal/dbdriver"
	"github.com/dbpoollint/dbpoollint/internal/flow"
	"github.com/dbpoollint/dbpoollint/internal/lifecycle"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// statementPrefixes are the beginnings of the names of the methods of a
// transaction or connection that run a statement on its connection.
var statementPrefixes = []string{
	"Query", "Exec", "MustExec", "Prepare", "Select", "Get", "Named",
	"CopyFrom", "SendBatch", "Begin", "Ping", "Stmt",
}

func refusesBusy(d *sqlapi.DriverRow) bool { return d.Busy }

func isStatement(name string) bool {
	for _, p := range statementPrefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// reportBusy reports the first statement run on the transaction or
// connection that produced h while h still holds it.
func reportBusy(pass *analysis.Pass, res *sqlapi.Resolver, h *lifecycle.Handle) {
	if h.Live == nil || h.Var == nil || (h.Kind != sqlapi.Rows && h.Kind != sqlapi.Batch) {
		return
	}
	rc, ok := res.Resolve(h.Call)
	if !ok || rc.Recv == nil {
		return
	}
	cl := sqlapi.ClassOf(pass.TypesInfo.TypeOf(rc.Recv))
	if cl == nil || (cl.Kind != sqlapi.Tx && cl.Kind != sqlapi.Conn) {
		return
	}
	on, ok := flow.PathOf(pass.TypesInfo, rc.Recv)
	if !ok {
		return
	}
	var first *ast.CallExpr
	for n := range h.Live {
		ast.Inspect(n, func(x ast.Node) bool {
			switch x := x.(type) {
			case *ast.FuncLit, *ast.GoStmt, *ast.DeferStmt:
				return false
			case *ast.CallExpr:
				if x == h.Call || (first != nil && first.Pos() < x.Pos()) {
					return true
				}
				c, ok := res.Resolve(x)
				if !ok || c.Recv == nil || !isStatement(c.Name()) {
					return true
				}
				if p, ok := flow.PathOf(pass.TypesInfo, c.Recv); ok && p == on {
					first = x
				}
			}
			return true
		})
	}
	if first == nil || !sqlapi.NativePostgres(cl) && !dbdriver.Of(pass).MayBe(refusesBusy) {
		return
	}
	if breaksReturnBefore(pass, h, first) {
		return
	}
	c, _ := res.Resolve(first)
	line := pass.Fset.Position(h.Call.Pos()).Line
	v := h.Var.Name()
	what := fmt.Sprintf("%s (line %d) are open", v, line)
	remedy := fmt.Sprintf("read %s into memory and close them first", v)
	if h.Kind == sqlapi.Batch {
		what = fmt.Sprintf("the results of %s (line %d) are open", v, line)
		remedy = fmt.Sprintf("close %s first", v)
	}
	pass.Report(analysis.Diagnostic{
		Pos: first.Pos(), End: first.End(), Category: CategoryBusy,
		Message: fmt.Sprintf("%s.%s while %s: the connection is busy and drivers fail the statement; %s",
			on, c.Name(), what, remedy),
		Related: []analysis.RelatedInformation{{Pos: h.Call.Pos(), End: h.Call.End(), Message: "the rows are produced here"}},
	})
}

// breaksReturnBefore reports whether the rows are closed when first runs
// although the engine sees them open there: first follows, in the same
// block, a Next loop (for rows.Next()) whose every break sits in an if v
// != nil (if err = rows.Scan(...); err != nil { break }), and between the
// loop and first an if v != nil { ... return } ends the paths that broke
// out, v assigned in between only under if v == nil (if err == nil { err =
// rows.Err() }). The other way out of the loop, Next returning false, has
// closed the rows.
func breaksReturnBefore(pass *analysis.Pass, h *lifecycle.Handle, first *ast.CallExpr) bool {
	info := pass.TypesInfo
	nilTest := func(x ast.Expr, op token.Token) *types.Var {
		b, ok := ast.Unparen(x).(*ast.BinaryExpr)
		if !ok || b.Op != op {
			return nil
		}
		if tv, ok := info.Types[b.Y]; !ok || !tv.IsNil() {
			return nil
		}
		id, ok := ast.Unparen(b.X).(*ast.Ident)
		if !ok {
			return nil
		}
		v, _ := info.ObjectOf(id).(*types.Var)
		return v
	}
	for _, u := range h.Uses {
		if !u.Next || !u.InLoop {
			continue
		}
		cur, ok := h.Func.Cursor.FindNode(u.Node)
		if !ok || cur.ParentEdgeKind() != edge.ForStmt_Cond {
			continue
		}
		loop := cur.Parent().Node().(*ast.ForStmt)
		block, ok := cur.Parent().Parent().Node().(*ast.BlockStmt)
		if !ok || cur.Parent().ParentEdgeKind() != edge.BlockStmt_List {
			continue
		}
		// Every break out of the loop sits in an if v != nil.
		var v *types.Var
		okBreaks := true
		loopCur := cur.Parent()
		for bc := range loopCur.Preorder((*ast.BranchStmt)(nil)) {
			br := bc.Node().(*ast.BranchStmt)
			if br.Tok == token.GOTO || br.Label != nil {
				okBreaks = false
				break
			}
			if br.Tok != token.BREAK {
				continue
			}
			// The innermost loop, switch or select of the break must be this loop.
			var target ast.Node
			for e := range bc.Enclosing((*ast.ForStmt)(nil), (*ast.RangeStmt)(nil), (*ast.SwitchStmt)(nil), (*ast.TypeSwitchStmt)(nil), (*ast.SelectStmt)(nil)) {
				target = e.Node()
				break
			}
			if target != loop {
				continue
			}
			ifc := bc.Parent().Parent()
			ifs, ok := ifc.Node().(*ast.IfStmt)
			if !ok || bc.Parent().ParentEdgeKind() != edge.IfStmt_Body {
				okBreaks = false
				break
			}
			w := nilTest(ifs.Cond, token.NEQ)
			if w == nil || v != nil && w != v {
				okBreaks = false
				break
			}
			v = w
		}
		if !okBreaks || v == nil {
			continue
		}
		// Between the loop and first: an if v != nil { ... return }, v
		// assigned before it only under if v == nil.
		after := false
		for _, st := range block.List {
			if st == ast.Stmt(loop) {
				after = true
				continue
			}
			if !after {
				continue
			}
			if st.Pos() <= first.Pos() && first.End() <= st.End() {
				break // first's statement reached without the return
			}
			if ifs, ok := st.(*ast.IfStmt); ok {
				if nilTest(ifs.Cond, token.NEQ) == v && ifs.Else == nil && len(ifs.Body.List) > 0 {
					if _, ok := ifs.Body.List[len(ifs.Body.List)-1].(*ast.ReturnStmt); ok {
						return true
					}
				}
				if nilTest(ifs.Cond, token.EQL) == v {
					continue // if err == nil { err = rows.Err() }
				}
			}
			if assigns(info, st, v) {
				break
			}
		}
	}
	return false
}

// assigns reports whether the statement assigns v.
func assigns(info *types.Info, st ast.Stmt, v *types.Var) bool {
	found := false
	ast.Inspect(st, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok {
			for _, l := range as.Lhs {
				if id, ok := ast.Unparen(l).(*ast.Ident); ok && info.ObjectOf(id) == v {
					found = true
				}
			}
		}
		if u, ok := n.(*ast.UnaryExpr); ok && u.Op == token.AND {
			if id, ok := ast.Unparen(u.X).(*ast.Ident); ok && info.ObjectOf(id) == v {
				found = true
			}
		}
		return !found
	})
	return found
}
