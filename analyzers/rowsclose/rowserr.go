package rowsclose

// This file holds the rows.Err shapes that x/tools' sqlrowserr, bundled
// with the suite, does not look for: rows.Err is the only way to tell an
// error in the middle of the rows from their end.

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/dbpoollint/dbpoollint/internal/ctxsource"
	"github.com/dbpoollint/dbpoollint/internal/dbdriver"
	"github.com/dbpoollint/dbpoollint/internal/flow"
	"github.com/dbpoollint/dbpoollint/internal/lifecycle"
	"github.com/dbpoollint/dbpoollint/internal/scope"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// reportErr reports rows read with Next whose Err is never checked: an
// existence check (if rows.Next()), rows of sqlx, of pgx or of a wrapper,
// rows assigned on several paths, rows read by a same-package helper; not a
// Next loop over database/sql rows that sqlrowserr reports itself, so that a
// user running both (go vet, gopls) sees each mistake once. Only where the
// path on which Next returns false reaches an exit that reports success (a
// value and a nil error, or no error result): there a failed query reads as
// data.
func reportErr(pass *analysis.Pass, res *sqlapi.Resolver, h *lifecycle.Handle, seen map[ast.Node]bool, tests, strict bool) {
	if h.Fate != lifecycle.Tracked || h.Escapes || h.Escape != lifecycle.Stays {
		return // handed over: whoever gets the rows may check
	}
	if !tests && scope.Of(pass).Flow().ForTests(h.Call.Pos()) {
		return // a test's rows: the test checks what it read, nothing hangs (-rowsclose.tests reports them)
	}
	fl := scope.Of(pass).Flow()
	for _, u := range h.Uses {
		if u.Err && errAfterNext(fl, h, u) {
			return
		}
	}
	if sqlrowserrReports(pass, res, h) {
		return
	}
	if !strict && surfacesAtCommit(pass, h) {
		return // the transaction's checked Commit fails with it (-strict)
	}
	if resumesFromLastRow(pass, h) {
		return // the next page resumes after the last row read: nothing is lost
	}
	// The first Next whose no-row path reports success: where every such
	// path returns an error anyway (if !rows.Next() { return 0,
	// sql.ErrNoRows }), the error is mislabelled, not lost.
	var next *lifecycle.Use
	var exit lifecycle.Exit
	preloaded, onlyRow := firstRowInQuery(pass, h), false
	for i, u := range h.Uses {
		if !u.Next || scanReturnsNextErr(pass, res, h, u) {
			continue
		}
		if preloaded && firstNext(fl, h, u) {
			continue // an error up to the first row is the query's: false means empty
		}
		if x, ok := lifecycle.Of(pass).NoRowSuccess(u); ok {
			if onlyRowRead(pass, res, h, u) {
				if !strict {
					continue // only an error after the one row read is lost (-strict)
				}
				onlyRow = true
			}
			next, exit = &h.Uses[i], x
			break
		}
	}
	if next == nil {
		return
	}
	related := func(rel []analysis.RelatedInformation) []analysis.RelatedInformation {
		if exit.Pos.IsValid() {
			rel = append(rel, analysis.RelatedInformation{Pos: exit.Pos, End: exit.End, Message: "an error in the rows reaches this exit as success"})
		}
		return rel
	}
	v := h.Var.Name()
	line := pass.Fset.Position(next.Node.Pos()).Line
	what, lost := fmt.Sprintf("the Next loop at line %d", line), "an error reads as the end of the rows"
	if !next.InLoop {
		what, lost = fmt.Sprintf("%s.Next at line %d", v, line), "an error reads as no row"
	}
	if onlyRow {
		lost = "an error after the only row is dropped"
	}
	// One finding per Next, whatever the number of producers that reach it
	// (rows assigned in two cases of a switch, a helper's callers).
	if seen[next.Node] {
		return
	}
	seen[next.Node] = true
	if !within(next.Node, h.Func.Node) {
		// The helper reads rows its callers produce: the finding is at its
		// loop, where the check goes.
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
			Message: fmt.Sprintf("%s.Err is never checked after %s: %s; check %s.Err() when Next returns false",
				v, this, lost, v),
			Related: related([]analysis.RelatedInformation{{Pos: h.Call.Pos(), End: h.Call.End(), Message: "rows produced here"}}),
		})
		return
	}
	pass.Report(analysis.Diagnostic{
		Pos: h.Call.Pos(), End: h.Call.End(), Category: CategoryErrUnchecked,
		Message: fmt.Sprintf("%s.Err is never checked after %s: %s; check %s.Err() when Next returns false",
			v, what, lost, v),
		Related: related([]analysis.RelatedInformation{{Pos: next.Node.Pos(), End: next.Node.End(), Message: "Next returns false on an error too"}}),
	})
}

// firstRowInQuery reports whether every error up to the first row of the
// rows h is returned by the call that produced them: they are database/sql
// rows, every driver the package's pools can use reads the first row in
// Query (sqlapi's FirstRowInQuery: pgx's stdlib), and no context given to
// the call can end before the first Next (none is given, or
// context.Background or TODO): database/sql closes the rows when that
// context ends, and their Err is then the context's.
func firstRowInQuery(pass *analysis.Pass, h *lifecycle.Handle) bool {
	if h.Class == nil || h.Class.Pkg != sqlapi.SQL || h.Class.Kind != sqlapi.Rows {
		return false
	}
	for _, a := range h.Call.Args {
		if t := pass.TypesInfo.TypeOf(a); t != nil && isContext(pass, t) && !ctxsource.IsBackground(pass.TypesInfo, a) {
			return false
		}
	}
	return dbdriver.Of(pass).Only(func(d *sqlapi.DriverRow) bool { return d.FirstRowInQuery })
}

// isContext reports whether t is context.Context or has its Done and
// Deadline methods.
func isContext(pass *analysis.Pass, t types.Type) bool {
	return sqlapi.IsNamed(t, "context", "Context") || sqlapi.HasMethod(t, pass.Pkg, "Done") && sqlapi.HasMethod(t, pass.Pkg, "Deadline")
}

// firstNext reports whether the Next call u is the first Next of the rows
// on every path: it is in the function that produced them, in no loop that
// reuses them, and no other Next of theirs comes before it or runs in
// another function (a helper, a closure), whose order is not known.
func firstNext(fl *flow.Package, h *lifecycle.Handle, u lifecycle.Use) bool {
	if u.InLoop || fl.EnclosingPos(u.Node.Pos()) != h.Func {
		return false
	}
	for _, o := range h.Uses {
		if !o.Next || o.Node == u.Node {
			continue
		}
		if o.Node.Pos() < u.Node.Pos() || fl.EnclosingPos(o.Node.Pos()) != h.Func {
			return false
		}
	}
	return true
}

// scanReturnsNextErr reports whether the Next u is a statement whose
// result is dropped, followed at once by a Scan of the same database/sql
// rows whose error is used (assigned, tested or returned): when Next
// returns false, Scan returns the error Next met (or "sql: Rows are
// closed" at their end), so no error reads as a row.
func scanReturnsNextErr(pass *analysis.Pass, res *sqlapi.Resolver, h *lifecycle.Handle, u lifecycle.Use) bool {
	if h.Func == nil || h.Var == nil {
		return false
	}
	var after ast.Stmt
	ast.Inspect(h.Func.Body, func(n ast.Node) bool {
		if after != nil || n == nil || !within(u.Node, n) {
			return false
		}
		var list []ast.Stmt
		switch n := n.(type) {
		case *ast.BlockStmt:
			list = n.List
		case *ast.CaseClause:
			list = n.Body
		case *ast.CommClause:
			list = n.Body
		}
		for i, st := range list {
			if es, ok := st.(*ast.ExprStmt); ok && ast.Unparen(es.X) == u.Node {
				// Declarations without values in between (var id int64)
				// run nothing.
				j := i + 1
				for j < len(list) && bareDecl(list[j]) {
					j++
				}
				if j < len(list) {
					after = list[j]
				}
			}
		}
		return true
	})
	var e ast.Expr
	switch st := after.(type) {
	case *ast.AssignStmt:
		if len(st.Lhs) == 1 && len(st.Rhs) == 1 {
			if id, ok := st.Lhs[0].(*ast.Ident); !ok || id.Name != "_" {
				e = st.Rhs[0]
			}
		}
	case *ast.IfStmt:
		if as, ok := st.Init.(*ast.AssignStmt); ok && len(as.Lhs) == 1 && len(as.Rhs) == 1 {
			if id, ok := as.Lhs[0].(*ast.Ident); !ok || id.Name != "_" {
				e = as.Rhs[0]
			}
		}
	case *ast.ReturnStmt:
		if len(st.Results) > 0 {
			e = st.Results[len(st.Results)-1]
		}
	}
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	c, ok := res.Resolve(call)
	if !ok || !c.IsMethod("database/sql", "Rows", "Scan") {
		return false
	}
	p, ok := flow.PathOf(pass.TypesInfo, c.Recv)
	return ok && p.Root == h.Var
}

// errAfterNext reports whether the Err call u can run after a Next of the
// rows returned false: it is written after a Next of the function, or in a
// loop with one, or in another function (a deferred closure, a helper).
// An Err checked before the Next loop only (if err := rows.Err(); ...;
// for rows.Next()) checks nothing: the rows have not been read yet.
func errAfterNext(fl *flow.Package, h *lifecycle.Handle, u lifecycle.Use) bool {
	if fl.EnclosingPos(u.Node.Pos()) != h.Func {
		return true
	}
	nexts := 0
	for _, n := range h.Uses {
		if !n.Next || fl.EnclosingPos(n.Node.Pos()) != h.Func {
			continue
		}
		nexts++
		if u.Node.Pos() > n.Node.Pos() || inOneLoop(h.Func.Body, u.Node, n.Node) {
			return true
		}
	}
	return nexts == 0
}

// inOneLoop reports whether a loop of body holds both a and b.
func inOneLoop(body *ast.BlockStmt, a, b ast.Node) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found || n == nil {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		switch n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			if within(a, n) && within(b, n) {
				found = true
				return false
			}
		}
		return within(a, n) || within(b, n)
	})
	return found
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
// no Err: no caller can ever check the error that ended the iteration. Only
// the returns that hold the handle are read (the producer's own, or those of
// its variable), so the cost is that of the handle's uses, not of its
// function's returns.
func reportErrHidden(pass *analysis.Pass, h *lifecycle.Handle, tests bool) {
	if h.Func == nil || h.Func.Obj == nil {
		return
	}
	if !tests && scope.Of(pass).Flow().ForTests(h.Call.Pos()) {
		return
	}
	var returned []inspector.Cursor // the handle as a result of a return statement
	switch {
	case h.Dest.Kind == flow.Returned:
		returned = append(returned, h.Cursor)
	case h.Var != nil && h.Escape == lifecycle.Returned:
		for _, u := range h.Func.Uses(h.Var) {
			returned = append(returned, u)
		}
	default:
		return
	}
	results := h.Func.Obj.Signature().Results()
	for _, c := range returned {
		for c.ParentEdgeKind() == edge.ParenExpr_X {
			c = c.Parent()
		}
		if c.ParentEdgeKind() != edge.ReturnStmt_Results {
			continue
		}
		if inLiteral(c, h.Func.Node) {
			continue // a return of a literal inside the function
		}
		k := c.ParentEdgeIndex()
		if k < 0 || k >= results.Len() {
			continue
		}
		t := results.At(k).Type()
		if !types.IsInterface(t) || !sqlapi.HasMethod(t, pass.Pkg, "Next") || sqlapi.HasMethod(t, pass.Pkg, "Err") {
			continue
		}
		if scope.Of(pass).Flow().ForTests(h.Call.Pos()) {
			return
		}
		r := c.Node()
		name := types.TypeString(t, types.RelativeTo(pass.Pkg))
		pass.Report(analysis.Diagnostic{
			Pos: r.Pos(), End: r.End(), Category: CategoryErrUnchecked,
			Message: fmt.Sprintf("rows returned as %s, which has no Err method: no caller can tell an error from the end of the rows; add Err() error to %s",
				name, name),
		})
		return
	}
}

// inLiteral reports whether the node at c is inside a function literal
// within fn.
func inLiteral(c inspector.Cursor, fn ast.Node) bool {
	for p := c.Parent(); p.Valid() && p.Node() != fn; p = p.Parent() {
		if _, ok := p.Node().(*ast.FuncLit); ok {
			return true
		}
	}
	return false
}

// bareDecl reports whether st declares variables without values (var id
// int64): it runs nothing.
func bareDecl(st ast.Stmt) bool {
	ds, ok := st.(*ast.DeclStmt)
	if !ok {
		return false
	}
	gd, ok := ds.Decl.(*ast.GenDecl)
	if !ok {
		return false
	}
	for _, sp := range gd.Specs {
		if vs, ok := sp.(*ast.ValueSpec); ok && len(vs.Values) > 0 {
			return false
		}
	}
	return true
}

// onlyRowRead reports whether the Next u is the trailing "more than one
// row?" check of a function that reads exactly one row (left to -strict):
//
//	if !rows.Next() { return 0, errors.New("no rows") }
//	var n int
//	if err := rows.Scan(&n); err != nil { return 0, err }
//	if rows.Next() { return 0, errors.New("too many rows") }
//	return n, nil
//
// Statements of one block, in that order, with nothing in between but
// declarations without values: a first Next, negated, every path of whose
// no-row branch returns an error; a Scan of the same rows whose error is
// tested (in the if's init, or assigned just before it) by an if that
// returns; then u, the condition of an if without else every path of whose
// row branch returns an error, followed at once by a return whose other
// results read only what that Scan filled. An error on u comes after the
// only row was read in full: the value returned is the one the database
// sent. A Next in a loop, or one followed by anything else, is not this
// shape.
func onlyRowRead(pass *analysis.Pass, res *sqlapi.Resolver, h *lifecycle.Handle, u lifecycle.Use) bool {
	fl := scope.Of(pass).Flow()
	if u.InLoop || h.Func == nil || h.Var == nil || fl.EnclosingPos(u.Node.Pos()) != h.Func {
		return false
	}
	lc := lifecycle.Of(pass)
	if _, ok := lc.RowSuccess(u); ok {
		return false // a row path that succeeds: not a uniqueness check
	}
	list, i := stmtOf(h.Func.Body, func(st ast.Stmt) bool {
		is, ok := st.(*ast.IfStmt)
		return ok && is.Init == nil && is.Else == nil && ast.Unparen(is.Cond) == u.Node
	})
	if list == nil || i+1 >= len(list) {
		return false
	}
	ret, ok := list[i+1].(*ast.ReturnStmt)
	if !ok || len(ret.Results) == 0 {
		return false
	}
	// Before u: a checked Scan, and before it the first Next.
	j := i - 1
	for j >= 0 && bareDecl(list[j]) {
		j--
	}
	targets, n := checkedScan(pass, res, h, list, j)
	if n == 0 {
		return false
	}
	j -= n
	for j >= 0 && bareDecl(list[j]) {
		j--
	}
	if j < 0 || !firstNextFails(lc, h, list[j]) {
		return false
	}
	// The return reads what the Scan filled, and nothing else of the
	// function's own.
	read := false
	for _, r := range ret.Results[:len(ret.Results)-1] {
		clean := true
		ast.Inspect(r, func(n ast.Node) bool {
			id, ok := n.(*ast.Ident)
			if !ok {
				return clean
			}
			v, ok := pass.TypesInfo.Uses[id].(*types.Var)
			if !ok || !h.Func.InBody(v) {
				return clean
			}
			if targets[v] {
				read = true
			} else {
				clean = false
			}
			return clean
		})
		if !clean {
			return false
		}
	}
	return read
}

// stmtOf returns the statement list of body (a block, or a case or comm
// clause's) holding the statement match accepts, and its index; nil when
// there is none.
func stmtOf(body *ast.BlockStmt, match func(ast.Stmt) bool) ([]ast.Stmt, int) {
	var list []ast.Stmt
	idx := -1
	ast.Inspect(body, func(n ast.Node) bool {
		if list != nil || n == nil {
			return false
		}
		var l []ast.Stmt
		switch n := n.(type) {
		case *ast.BlockStmt:
			l = n.List
		case *ast.CaseClause:
			l = n.Body
		case *ast.CommClause:
			l = n.Body
		}
		for k, st := range l {
			if match(st) {
				list, idx = l, k
				return false
			}
		}
		return true
	})
	return list, idx
}

// checkedScan reads, ending at list[j], a Scan of h's rows whose error is
// tested by an if that returns: if err := rows.Scan(&n); err != nil {
// return ... }, or err = rows.Scan(&n) followed by if err != nil { return
// ... }. It returns the variables the Scan fills and the number of
// statements read (0: none).
func checkedScan(pass *analysis.Pass, res *sqlapi.Resolver, h *lifecycle.Handle, list []ast.Stmt, j int) (map[*types.Var]bool, int) {
	if j < 0 {
		return nil, 0
	}
	is, ok := list[j].(*ast.IfStmt)
	if !ok || is.Else != nil || len(is.Body.List) == 0 {
		return nil, 0
	}
	if _, ok := is.Body.List[len(is.Body.List)-1].(*ast.ReturnStmt); !ok {
		return nil, 0
	}
	as, n := is.Init, 1
	if as == nil && j > 0 {
		as, n = list[j-1], 2
	}
	a, ok := as.(*ast.AssignStmt)
	if !ok || len(a.Lhs) != 1 || len(a.Rhs) != 1 {
		return nil, 0
	}
	errVar := flowVar(pass, a.Lhs[0])
	be, ok := ast.Unparen(is.Cond).(*ast.BinaryExpr)
	if !ok || be.Op != token.NEQ || errVar == nil || flowVar(pass, be.X) != errVar {
		return nil, 0
	}
	if tv, ok := pass.TypesInfo.Types[be.Y]; !ok || !tv.IsNil() {
		return nil, 0
	}
	call, ok := ast.Unparen(a.Rhs[0]).(*ast.CallExpr)
	if !ok {
		return nil, 0
	}
	c, ok := res.Resolve(call)
	if !ok || c.Recv == nil || c.Name() != "Scan" {
		return nil, 0
	}
	if p, ok := flow.PathOf(pass.TypesInfo, c.Recv); !ok || p.Root != h.Var || p.Fields != "" {
		return nil, 0
	}
	targets := make(map[*types.Var]bool)
	for _, arg := range call.Args {
		if p, ok := flow.PathOf(pass.TypesInfo, arg); ok && p.Root != nil {
			targets[p.Root] = true
		}
	}
	return targets, n
}

// flowVar returns the variable the identifier e denotes, or nil.
func flowVar(pass *analysis.Pass, e ast.Expr) *types.Var {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	v, _ := pass.TypesInfo.ObjectOf(id).(*types.Var)
	return v
}

// firstNextFails reports whether st is if !rows.Next() { ... } of h's rows,
// without init or else, every path of whose no-row branch returns an
// error.
func firstNextFails(lc *lifecycle.Result, h *lifecycle.Handle, st ast.Stmt) bool {
	is, ok := st.(*ast.IfStmt)
	if !ok || is.Init != nil || is.Else != nil {
		return false
	}
	not, ok := ast.Unparen(is.Cond).(*ast.UnaryExpr)
	if !ok || not.Op != token.NOT {
		return false
	}
	for _, o := range h.Uses {
		if o.Next && !o.InLoop && o.Node == ast.Unparen(not.X) {
			_, ok := lc.NoRowSuccess(o)
			return !ok
		}
	}
	return false
}
