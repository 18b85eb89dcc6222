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
	"strings"

	"golang.org/x/tools/go/analysis"

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
