// Package lifecycle follows database/sql handles that pin a pooled connection
// (*sql.Rows, *sql.Row, *sql.Stmt, *sql.Tx, *sql.Conn, and the types that embed
// them, such as *sqlx.Rows) from the call that produces one to every exit of
// the function, and decides on each path whether the handle was released,
// handed over, or leaked.
//
// A handle is:
//   - released by Close (Rows, Stmt, Conn), Commit or Rollback (Tx), or Scan
//     (Row), called directly, deferred, through a method value or a method
//     expression, or inside a deferred or immediately called closure; rows are
//     also released when Next returns false (drained), which is recorded apart;
//   - handed over when it is returned, stored (struct field, map, slice,
//     channel, global, a variable of an enclosing function), captured by a
//     closure that escapes, its address taken, or passed to code the engine
//     cannot see (another package's function, an interface method, a function
//     value); a same-package function (or closure) that receives it is read:
//     it hands the handle over when its body releases or hands over that
//     parameter;
//   - leaked on a path that reaches a return, the end of the function, or a
//     reassignment of its variable without either.
//
// The producer's error branch (if err != nil right after the call) holds no
// handle, nor does the branch of if v == nil. Paths that end in panic,
// os.Exit, log.Fatal*, t.Fatal*, t.FailNow, t.Skip* or runtime.Goexit do not
// count. Paths come from golang.org/x/tools/go/cfg, built only for functions
// that contain a producing call; the engine declares no facts.
package lifecycle

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// Fate says what happens to a handle right where it is produced.
type Fate int

const (
	// Tracked: the handle is bound to a local variable; Leaks, Drains and
	// DeferInLoop say what happens to it on each path.
	Tracked Fate = iota
	// Discarded: the result is dropped (assigned to _, an expression
	// statement, or a chained call that does not release it, such as
	// db.QueryRow(q).Err()).
	Discarded
	// HandedOver: returned, stored, or passed on where the engine cannot see.
	HandedOver
	// Released: released at once (db.QueryRow(q).Scan(&v)).
	Released
)

// ExitKind says how a leaking path leaves the handle behind.
type ExitKind int

const (
	// Return: a return statement.
	Return ExitKind = iota
	// End: control falls off the end of the function.
	End
	// Reassign: the handle's variable is assigned another value.
	Reassign
	// Iteration: the loop around the producer runs it again, overwriting the
	// variable.
	Iteration
)

// Exit is a point where a path leaves a handle unreleased.
type Exit struct {
	Kind ExitKind
	// Pos and End delimit the return statement, the closing brace of the
	// function, or the reassigning statement.
	Pos, End token.Pos
}

// Drain is a place where rows are released only by reading them to the end.
type Drain struct {
	// Pos is the loop condition (for rows.Next()) or the call that reads the
	// rows to the end.
	Pos token.Pos
	// Callee names that call ("sqlx.StructScan", "collect"); "" for a loop.
	Callee string
}

// Handle is one producing call and what the engine found about it.
type Handle struct {
	// Call is the producing call.
	Call *ast.CallExpr
	// Kind is Rows, Row, Stmt, Tx or Conn.
	Kind sqlapi.Handle
	// Producer names the call for messages: "db.QueryContext", "s.begin".
	Producer string
	// Var is the variable the handle is bound to (nil unless Tracked).
	Var *types.Var
	// OnTx is set for rows and rows-like handles produced by a method of a
	// transaction: Commit and Rollback close them too.
	OnTx bool
	// Fate is what happens where the handle is produced.
	Fate Fate
	// Chained is the method called on the discarded result, e.g. "Err" for
	// db.QueryRow(q).Err(); "" for other discards.
	Chained string
	// Leaks are the exits reached without release, in source order.
	Leaks []Exit
	// Drains are the places where a path relies on Next returning false to
	// release rows (set only when no path leaks).
	Drains []Drain
	// DeferInLoop is a deferred release inside the loop that produces the
	// handle, when some iteration ends with the handle still open.
	DeferInLoop *ast.DeferStmt
	// Loop is the loop that encloses the producer within its function, if any.
	Loop ast.Stmt
	// Escapes is set when some path hands the handle over (returns it,
	// stores it, passes it on) rather than releasing it.
	Escapes bool

	stmt   inspector.Cursor // the statement binding Var
	errVar *types.Var       // the producer's error variable
}

// Analyze finds every call in the pass's package that produces a handle of
// one of the given kinds, and follows each. Functions without such a call
// cost nothing beyond one walk over the package's calls.
func Analyze(pass *analysis.Pass, in *inspector.Inspector, res *sqlapi.Resolver, kinds ...sqlapi.Handle) []*Handle {
	want := make(map[sqlapi.Handle]bool, len(kinds))
	for _, k := range kinds {
		want[k] = true
	}
	e := newEngine(pass, in, res)
	var out []*Handle
	for cur := range in.Root().Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		kind, idx := e.resultHandle(call)
		if kind == sqlapi.NoHandle || !want[kind] {
			continue
		}
		fnCur, ok := enclosingFunc(cur)
		if !ok {
			continue // a package-level initializer
		}
		if !e.isProducer(call, kind, idx, 0) {
			continue
		}
		h := &Handle{Call: call, Kind: kind, Producer: e.producerName(call)}
		h.OnTx = e.onTx(call)
		e.follow(h, cur, fnCur, idx)
		out = append(out, h)
	}
	return out
}

// enclosingFunc returns the cursor of the innermost FuncDecl or FuncLit
// around cur.
func enclosingFunc(cur inspector.Cursor) (inspector.Cursor, bool) {
	for c := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		if fd, ok := c.Node().(*ast.FuncDecl); ok && fd.Body == nil {
			return inspector.Cursor{}, false
		}
		return c, true
	}
	return inspector.Cursor{}, false
}

// funcBody returns the body and type of a FuncDecl or FuncLit.
func funcBody(n ast.Node) (*ast.BlockStmt, *ast.FuncType) {
	switch n := n.(type) {
	case *ast.FuncDecl:
		return n.Body, n.Type
	case *ast.FuncLit:
		return n.Body, n.Type
	}
	return nil, nil
}

// kindOf reports which tracked handle t is: database/sql's own types, types
// embedding them, and sqlx's Row (which wraps *sql.Rows) and NamedStmt
// (which wraps a *sqlx.Stmt). DB is not tracked: it is a long-lived pool.
func kindOf(t types.Type) sqlapi.Handle {
	if t == nil {
		return sqlapi.NoHandle
	}
	switch h := sqlapi.HandleOf(t); h {
	case sqlapi.Rows, sqlapi.Row, sqlapi.Stmt, sqlapi.Tx, sqlapi.Conn:
		return h
	case sqlapi.NoHandle:
		if sqlapi.IsNamed(t, sqlapi.Sqlx, "Row") {
			return sqlapi.Row
		}
		if sqlapi.IsNamed(t, sqlapi.Sqlx, "NamedStmt") {
			return sqlapi.Stmt
		}
	}
	return sqlapi.NoHandle
}

// resultHandle returns the kind and result index of the first handle among
// the call's results.
func (e *engine) resultHandle(call *ast.CallExpr) (sqlapi.Handle, int) {
	tv, ok := e.info.Types[call]
	if !ok || tv.Type == nil || tv.IsType() || tv.IsBuiltin() {
		return sqlapi.NoHandle, -1
	}
	if tup, ok := tv.Type.(*types.Tuple); ok {
		for i := range tup.Len() {
			if k := e.kindOf(tup.At(i).Type()); k != sqlapi.NoHandle {
				return k, i
			}
		}
		return sqlapi.NoHandle, -1
	}
	if k := e.kindOf(tv.Type); k != sqlapi.NoHandle {
		return k, 0
	}
	return sqlapi.NoHandle, -1
}

// kindOf is the package-level kindOf, remembered per type: every call's
// result type is asked once.
func (e *engine) kindOf(t types.Type) sqlapi.Handle {
	if k, ok := e.kinds[t]; ok {
		return k
	}
	k := kindOf(t)
	e.kinds[t] = k
	return k
}

// errIndex returns the index of the call's trailing error result, or -1.
func (e *engine) errIndex(call *ast.CallExpr, idx int) int {
	tup, ok := e.info.TypeOf(call).(*types.Tuple)
	if !ok || tup.Len() < 2 {
		return -1
	}
	last := tup.Len() - 1
	if last != idx && types.Identical(tup.At(last).Type(), errorType) {
		return last
	}
	return -1
}

var errorType = types.Universe.Lookup("error").Type()

// onTx reports whether the call is a method of a transaction (or of a type
// wrapping one), or a package-level sqlx function given one.
func (e *engine) onTx(call *ast.CallExpr) bool {
	c, ok := e.res.Resolve(call)
	if !ok {
		return false
	}
	if c.Recv != nil {
		return !c.Interface() && sqlapi.HandleOf(e.info.TypeOf(c.Recv)) == sqlapi.Tx
	}
	if c.Func.Pkg() != nil && c.Func.Pkg().Path() == sqlapi.Sqlx && len(c.Args) > 0 {
		for _, a := range c.Args {
			if sqlapi.HandleOf(e.info.TypeOf(a)) == sqlapi.Tx {
				return true
			}
		}
	}
	return false
}

// isProducer decides whether a call whose result idx is a handle of the
// given kind hands its caller a fresh handle to release:
//   - database/sql and sqlx methods and functions, except statements
//     prepared on a transaction (its Commit or Rollback closes them);
//   - interface methods returning rows, a row, a transaction or a
//     connection (a statement from an interface may come from a transaction);
//   - functions of this package whose body returns a fresh handle (a getter
//     returning a stored one is not a producer);
//   - rows and rows-like results of any other call; a transaction,
//     connection or statement from another package only when it comes with
//     an error from a method of a type wrapping a pool or a connection.
func (e *engine) isProducer(call *ast.CallExpr, kind sqlapi.Handle, idx, depth int) bool {
	c, ok := e.res.Resolve(call)
	if !ok {
		return kind == sqlapi.Rows || kind == sqlapi.Row
	}
	fn := c.Func
	pkg := ""
	if fn.Pkg() != nil {
		pkg = fn.Pkg().Path()
	}
	if kind == sqlapi.Stmt && e.onTx(call) {
		return false
	}
	if c.Recv != nil && !c.Interface() && kindOf(e.info.TypeOf(c.Recv)) == kind {
		return false // a view of the receiver (sqlx's stmt.Unsafe()), not a new handle
	}
	switch {
	case pkg == sqlapi.SQL || pkg == sqlapi.Sqlx:
		if kind == sqlapi.Stmt && pkg == sqlapi.Sqlx && c.Recv == nil && len(c.Args) > 0 {
			// sqlx.Preparex(p, q): fresh only when p is a pool or a connection.
			h := sqlapi.HandleOf(e.info.TypeOf(c.Args[0]))
			return h == sqlapi.DB || h == sqlapi.Conn
		}
		return true
	case c.Interface():
		return kind != sqlapi.Stmt
	case fn.Pkg() == e.pass.Pkg:
		if cur, ok := e.declCursor(fn); ok {
			return e.returnsFresh(cur, kind, idx, depth)
		}
		return false
	}
	if kind == sqlapi.Rows || kind == sqlapi.Row {
		return true
	}
	if c.Recv == nil || e.errIndex(call, idx) < 0 {
		return false
	}
	h := sqlapi.HandleOf(e.info.TypeOf(c.Recv))
	return h == sqlapi.DB || h == sqlapi.Conn
}

// producerName names the call for messages.
func (e *engine) producerName(call *ast.CallExpr) string {
	c, ok := e.res.Resolve(call)
	if !ok {
		return shorten(types.ExprString(call.Fun))
	}
	if c.Recv != nil {
		recv := types.ExprString(c.Recv)
		if len(recv) > 30 || containsCall(c.Recv) {
			if n := sqlapi.NamedOf(e.info.TypeOf(c.Recv)); n != nil {
				recv = n.Obj().Name()
			} else {
				recv = "(...)"
			}
		}
		return recv + "." + c.Name()
	}
	if fn := c.Func; fn.Pkg() != nil && fn.Pkg() != e.pass.Pkg {
		return fn.Pkg().Name() + "." + fn.Name()
	}
	return c.Name()
}

func shorten(s string) string {
	if len(s) > 40 {
		return s[:37] + "..."
	}
	return s
}

func containsCall(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if _, ok := n.(*ast.CallExpr); ok {
			found = true
		}
		return !found
	})
	return found
}

// follow decides the handle's fate where it is produced and, when it is
// bound to a local variable, follows it along every path.
func (e *engine) follow(h *Handle, cur, fnCur inspector.Cursor, idx int) {
	// Climb through parentheses.
	for cur.ParentEdgeKind() == edge.ParenExpr_X {
		cur = cur.Parent()
	}
	parent := cur.Parent()
	switch k, i := cur.ParentEdge(); k {
	case edge.ExprStmt_X, edge.DeferStmt_Call, edge.GoStmt_Call:
		h.Fate = Discarded
		if e.funcAnalysis(fnCur).cancelled(h) {
			h.Fate = Released // its context is cancelled: database/sql closes what it dropped
		}
		return
	case edge.ReturnStmt_Results:
		h.Fate = HandedOver
		return
	case edge.SelectorExpr_X:
		// A method called on the result: db.QueryRow(q).Scan(&v).
		sel := parent.Node().(*ast.SelectorExpr)
		if parent.ParentEdgeKind() != edge.CallExpr_Fun {
			h.Fate = HandedOver // a method value, or a field
			return
		}
		outer, ok := e.res.Resolve(parent.Parent().Node().(*ast.CallExpr))
		if !ok {
			h.Fate = HandedOver
			return
		}
		switch e.methodFate(outer, h.Kind, 0) {
		case evRelease, evHandover, evDrain:
			h.Fate = Released
		default:
			h.Fate = Discarded
			h.Chained = sel.Sel.Name
			if e.funcAnalysis(fnCur).cancelled(h) {
				h.Fate = Released
			}
		}
		return
	case edge.CallExpr_Args:
		switch e.argFate(parent, i, h.Kind, 0) {
		case evNeutral:
			h.Fate = Discarded
		default:
			h.Fate = HandedOver
		}
		return
	case edge.AssignStmt_Rhs:
		as := parent.Node().(*ast.AssignStmt)
		var lhs, errLHS ast.Expr
		if len(as.Lhs) == len(as.Rhs) {
			lhs = as.Lhs[i]
		} else if len(as.Rhs) == 1 && idx < len(as.Lhs) {
			lhs = as.Lhs[idx]
			if ei := e.errIndex(h.Call, idx); ei >= 0 && ei < len(as.Lhs) {
				errLHS = as.Lhs[ei]
			}
		}
		e.bind(h, fnCur, parent, lhs, errLHS)
	case edge.ValueSpec_Values:
		vs := parent.Node().(*ast.ValueSpec)
		var lhs, errLHS ast.Expr
		if len(vs.Names) == len(vs.Values) {
			lhs = vs.Names[i]
		} else if len(vs.Values) == 1 && idx < len(vs.Names) {
			lhs = vs.Names[idx]
			if ei := e.errIndex(h.Call, idx); ei >= 0 && ei < len(vs.Names) {
				errLHS = vs.Names[ei]
			}
		}
		e.bind(h, fnCur, parent, lhs, errLHS)
	default:
		h.Fate = HandedOver
	}
}

// bind handles a producer assigned to lhs in stmt (an AssignStmt or a
// ValueSpec).
func (e *engine) bind(h *Handle, fnCur, stmt inspector.Cursor, lhs, errLHS ast.Expr) {
	id, ok := ast.Unparen(lhsOrNil(lhs)).(*ast.Ident)
	if !ok {
		h.Fate = HandedOver // stored in a field, a map, a slice element...
		return
	}
	fa := e.funcAnalysis(fnCur)
	if id.Name == "_" {
		h.Fate = Discarded
		if fa.cancelled(h) {
			h.Fate = Released // its context is cancelled: database/sql closes what it dropped
			return
		}
		// _, err := db.Query(q); if err == nil { t.Fatal(...) }: the result is
		// dropped only where the call failed, or on paths that never return.
		if id, ok := ast.Unparen(lhsOrNil(errLHS)).(*ast.Ident); ok && id.Name != "_" {
			if errVar, ok := e.info.ObjectOf(id).(*types.Var); ok && !fa.reachesExit(h, stmt, errVar) {
				h.Fate = Released
			}
		}
		return
	}
	v, ok := e.info.ObjectOf(id).(*types.Var)
	if !ok {
		h.Fate = HandedOver
		return
	}
	if !fa.isLocal(v) {
		h.Fate = HandedOver // a global, a named result, a variable of an enclosing function
		return
	}
	var errVar *types.Var
	if id, ok := ast.Unparen(lhsOrNil(errLHS)).(*ast.Ident); ok && id.Name != "_" {
		errVar, _ = e.info.ObjectOf(id).(*types.Var)
	}
	h.Var = v
	h.Fate = Tracked
	h.stmt = stmt
	h.errVar = errVar
	fa.track(h, stmt, errVar)
}

func lhsOrNil(e ast.Expr) ast.Expr {
	if e == nil {
		return &ast.BadExpr{}
	}
	return e
}

// sortExits orders exits by position and drops duplicates.
func sortExits(xs []Exit) []Exit {
	sort.Slice(xs, func(i, j int) bool { return xs[i].Pos < xs[j].Pos })
	out := xs[:0]
	for i, x := range xs {
		if i > 0 && x.Pos == xs[i-1].Pos && x.Kind == xs[i-1].Kind {
			continue
		}
		out = append(out, x)
	}
	return out
}
