package lifecycle

// This file knows which calls hand their caller a fresh handle to release.

import (
	"go/ast"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/dbpoollint/dbpoollint/internal/ctxsource"
	"github.com/dbpoollint/dbpoollint/internal/flow"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// maxDepth bounds how deep the engine reads same-package callees. Beyond it
// a callee is treated as code it cannot see: the handle is handed over.
const maxDepth = 4

type engine struct {
	fl   *flow.Package
	info *types.Info
	res  *sqlapi.Resolver

	funcs    map[*flow.Func]*funcState
	params   map[paramKey]summary
	drainers map[drainKey]bool // methods of wrappers whose result is their rows' Next
	fresh    map[freshKey]int8 // 1 in progress, 2 fresh, 3 not
	certain  map[freshKey]bool // certainlyFresh, per function and result
	ctxs     *ctxsource.Finder // built on first use (ctxLiveToEnd)
	// releaseFuncs holds, per same-package function and handle result, the
	// indices of its results that are functions releasing that handle.
	releaseFuncs map[freshKey][]int
	// behind holds, per same-package function, what releaseOnly found.
	behind  map[*flow.Func]releaseOnlyResult
	classes map[types.Type]*sqlapi.Class
	// structural holds the transaction classes made for types of no table
	// that a Begin method returns (structuralTx), nil for the others.
	structural map[types.Type]*sqlapi.Class
}

type paramKey struct {
	fn    *flow.Func
	index int // -1 for the receiver
	class *sqlapi.Class
}

type drainKey struct {
	fn    *flow.Func
	class *sqlapi.Class
}

type freshKey struct {
	fn  *flow.Func
	idx int
}

func newEngine(fl *flow.Package, res *sqlapi.Resolver) *engine {
	return &engine{
		fl:       fl,
		info:     fl.Info,
		res:      res,
		funcs:    make(map[*flow.Func]*funcState),
		params:   make(map[paramKey]summary),
		drainers: make(map[drainKey]bool),
		fresh:    make(map[freshKey]int8),
		certain:  make(map[freshKey]bool),

		releaseFuncs: make(map[freshKey][]int),
		behind:       make(map[*flow.Func]releaseOnlyResult),
		classes:      make(map[types.Type]*sqlapi.Class),

		structural: make(map[types.Type]*sqlapi.Class),
	}
}

// classOf is sqlapi.ClassOf, remembered per type: every call's result type
// is asked once.
func (e *engine) classOf(t types.Type) *sqlapi.Class {
	if c, ok := e.classes[t]; ok {
		return c
	}
	c := sqlapi.ClassOf(t)
	e.classes[t] = c
	return c
}

// resultClass returns the class and result index of the first handle among
// the call's results.
func (e *engine) resultClass(call *ast.CallExpr) (*sqlapi.Class, int) {
	tv, ok := e.info.Types[call]
	if !ok || tv.Type == nil || tv.IsType() || tv.IsBuiltin() {
		return nil, -1
	}
	if tup, ok := tv.Type.(*types.Tuple); ok {
		for i := range tup.Len() {
			if c := e.classOf(tup.At(i).Type()); c != nil {
				return c, i
			}
		}
		if c := e.structuralTx(call); c != nil {
			return c, 0
		}
		return nil, -1
	}
	if c := e.classOf(tv.Type); c != nil {
		if c.TxClass != nil { // gorm's db.Begin(): a transaction of the pool's type
			if rc, ok := e.res.Resolve(call); ok {
				if tc := sqlapi.BeginResult(rc); tc != nil {
					return tc, 0
				}
			}
		}
		return c, 0
	}
	return nil, -1
}

// structuralTx returns a transaction class for the result of a call of a
// Begin-named method (or one named Tx: ent's generated Client.Tx) that
// returns (T, error), where T is no type of the tables but has Commit and
// Rollback methods returning an error (taking
// nothing, or a context): a wrapper interface or a fork's transaction. nil
// otherwise.
func (e *engine) structuralTx(call *ast.CallExpr) *sqlapi.Class {
	fun, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || !strings.HasPrefix(fun.Sel.Name, "Begin") && fun.Sel.Name != "Tx" { // ent's client.Tx(ctx)
		return nil
	}
	tup, ok := e.info.TypeOf(call).(*types.Tuple)
	if !ok || tup.Len() != 2 || !isError(tup.At(1).Type()) {
		return nil
	}
	t := tup.At(0).Type()
	if c, ok := e.structural[t]; ok {
		return c
	}
	var c *sqlapi.Class
	commit, ctx1 := txEnd(t, "Commit")
	rollback, ctx2 := txEnd(t, "Rollback")
	if commit && rollback && ctx1 == ctx2 {
		// Its other ends count too: MustRollback, RollbackUnlessCommitted.
		var ends []string
		ms := types.NewMethodSet(t)
		if _, isPtr := t.(*types.Pointer); !isPtr && !types.IsInterface(t) {
			ms = types.NewMethodSet(types.NewPointer(t))
		}
		for m := range ms.Methods() {
			if name := m.Obj().Name(); strings.Contains(name, "Commit") || strings.Contains(name, "Rollback") {
				ends = append(ends, name)
			}
		}
		c = &sqlapi.Class{Kind: sqlapi.Tx, Release: ends, Defer: "Rollback", DeferCtx: ctx1}
	}
	e.structural[t] = c
	return c
}

// txEnd reports whether values of t have the method name returning just an
// error, taking nothing or a context (withCtx).
func txEnd(t types.Type, name string) (ok, withCtx bool) {
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, name)
	fn, isFunc := obj.(*types.Func)
	if !isFunc {
		return false, false
	}
	sig := fn.Signature()
	if sig.Results().Len() != 1 || !types.Identical(sig.Results().At(0).Type(), errorType) {
		return false, false
	}
	switch sig.Params().Len() {
	case 0:
		return true, false
	case 1:
		return sqlapi.IsContext(sig.Params().At(0).Type()), true
	}
	return false, false
}

// errIndex returns the index of the call's trailing error result, or -1.
func (e *engine) errIndex(call *ast.CallExpr, idx int) int {
	tup, ok := e.info.TypeOf(call).(*types.Tuple)
	if !ok || tup.Len() < 2 {
		return -1
	}
	last := tup.Len() - 1
	if last != idx && isError(tup.At(last).Type()) {
		return last
	}
	return -1
}

var errorType = types.Universe.Lookup("error").Type()

// isError reports whether t is an error result: error itself, a project's
// own error interface (type Error interface { error; ... }), or a pointer
// that implements error. A failed call returns a nil handle beside it, as
// it does beside an error.
func isError(t types.Type) bool {
	if t == nil {
		return false
	}
	if types.Identical(t, errorType) {
		return true
	}
	if _, ptr := t.Underlying().(*types.Pointer); !ptr && !types.IsInterface(t) {
		return false
	}
	return types.Implements(t, errorType.Underlying().(*types.Interface))
}

// onTx reports whether the call is a method of a transaction (or of a type
// wrapping one), or a library function given one.
func (e *engine) onTx(call *ast.CallExpr) bool {
	c, ok := e.res.Resolve(call)
	if !ok {
		return false
	}
	if c.Recv != nil {
		return sqlapi.HandleOf(e.info.TypeOf(c.Recv)) == sqlapi.Tx && (!c.Interface() || c.MethodClass() != nil)
	}
	if sqlapi.IsLibrary(c.Func) {
		for _, a := range c.Args {
			if sqlapi.HandleOf(e.info.TypeOf(a)) == sqlapi.Tx {
				return true
			}
		}
	}
	return false
}

// isProducer decides whether a call whose result idx is a handle of the
// class hands its caller a fresh handle to release:
//   - a pool comes only from an opener (sqlapi.OpenerOf) or from a
//     same-package function that returns one it opened;
//   - library methods and functions, but views of a handle the receiver
//     keeps (of the same class, or listed in the tables: pgx.Tx's Conn), and
//     statements prepared on a transaction whose end closes them;
//   - interface methods returning rows, a row or a batch, and a
//     transaction or connection with an error (a statement from an interface
//     may come from a transaction; a transaction or connection without an
//     error is a view, as pgx.Tx's Conn());
//   - functions of this package whose body returns a fresh handle (a getter
//     returning a stored one is not a producer);
//   - rows and rows-like results of any other call; a transaction,
//     connection or statement from another package only when it comes with
//     an error from a method of a type wrapping a pool or a connection.
func (e *engine) isProducer(call *ast.CallExpr, class *sqlapi.Class, idx, depth int) bool {
	kind := class.Kind
	c, ok := e.res.Resolve(call)
	if !ok {
		return kind == sqlapi.Rows || kind == sqlapi.Row
	}
	if kind == sqlapi.DB {
		if _, ok := sqlapi.OpenerOf(c); ok {
			return true
		}
		if f := e.fl.Decl(c.Func); f != nil {
			return e.returnsFresh(f, class, idx, depth)
		}
		return false
	}
	if row, ok := sqlapi.ProducerOf(c); ok {
		if !row.Fresh {
			return false
		}
		if row.Arg >= 0 {
			if row.Arg >= len(c.Args) {
				return false
			}
			h := sqlapi.HandleOf(e.info.TypeOf(c.Args[row.Arg]))
			return h == sqlapi.DB || h == sqlapi.Conn
		}
		return true
	}
	if class.TxEnd && kind == sqlapi.Stmt && e.onTx(call) {
		return false // closed when the transaction ends
	}
	if c.Recv != nil && !c.Interface() && sqlapi.ClassOf(e.info.TypeOf(c.Recv)) == class {
		return false // a view of the receiver (sqlx's stmt.Unsafe()), not a new handle
	}
	if f := e.fl.Decl(c.Func); f != nil {
		return e.returnsFresh(f, class, idx, depth)
	}
	if returnsFuncs(c.Func, idx) && !sqlapi.IsLibrary(c.Func) {
		// Another package's begin(ctx) (tx, commit, rollback, err): its
		// functions may release the handle, which cannot be seen.
		return false
	}
	switch {
	case sqlapi.IsLibrary(c.Func):
		return true
	case c.Interface():
		if kind == sqlapi.Tx || kind == sqlapi.Conn {
			// Begin(ctx) and Conn(ctx) can fail; a Conn() with no error
			// is a view of a connection the receiver keeps (a pgx.Tx's).
			return e.errIndex(call, idx) >= 0
		}
		return kind != sqlapi.Stmt
	case kind == sqlapi.Rows || kind == sqlapi.Row:
		return true
	}
	if c.Recv == nil || e.errIndex(call, idx) < 0 {
		return false
	}
	h := sqlapi.HandleOf(e.info.TypeOf(c.Recv))
	return h == sqlapi.DB || h == sqlapi.Conn
}

// returnsFuncs reports whether fn returns a function besides its handle
// result idx.
func returnsFuncs(fn *types.Func, idx int) bool {
	res := fn.Signature().Results()
	for j := range res.Len() {
		if _, ok := res.At(j).Type().Underlying().(*types.Signature); ok && j != idx {
			return true
		}
	}
	return false
}

// returnsFresh reports whether a same-package function returns, as result
// idx, a handle it produced itself (not one it got from a field or a
// parameter), or a value of the handle's kind wrapping one (&Store{DB: db}),
// and on its other returns nil or nothing else: a function that returns a
// handle someone else owns on some paths (a cache's, the caller's own
// transaction) and a fresh one on others is not a producer (mixed
// ownership: its callers are trusted to know which they got).
func (e *engine) returnsFresh(f *flow.Func, class *sqlapi.Class, idx, depth int) bool {
	if depth > maxDepth {
		return false
	}
	key := freshKey{f, idx}
	switch e.fresh[key] {
	case 1, 3:
		return false
	case 2:
		return true
	}
	e.fresh[key] = 1
	r := e.computeFresh(f, class, idx, depth)
	if r {
		e.fresh[key] = 2
	} else {
		e.fresh[key] = 3
	}
	return r
}

func (e *engine) computeFresh(f *flow.Func, class *sqlapi.Class, idx, depth int) bool {
	producing := func(x ast.Expr) bool {
		call, ok := ast.Unparen(x).(*ast.CallExpr)
		if !ok {
			return false
		}
		c, i := e.resultClass(call)
		return c != nil && c.Kind == class.Kind && e.isProducer(call, c, i, depth+1)
	}
	// Variables assigned a produced handle somewhere in the body.
	fresh := make(map[*types.Var]bool)
	flow.Inspect(f.Body, func(n ast.Node) bool {
		for a := range flow.Assigns(n) {
			call, ok := ast.Unparen(a.Value()).(*ast.CallExpr)
			if !ok {
				continue
			}
			c, hi := e.resultClass(call)
			if c == nil || c.Kind != class.Kind || (a.Multi != nil && a.Index != hi) {
				continue
			}
			if v := e.fl.LocalVar(a.Lhs); v != nil && e.isProducer(call, c, hi, depth+1) {
				fresh[v] = true
			}
		}
		return true
	})
	// A handle the function also stores (a statement cache), hands on, or
	// releases whatever the path (a deferred release) is not the caller's
	// to release.
	// Functions returned with the handle that release it (tx.Commit, a
	// closure calling tx.Rollback) are the caller's to call: not hand-overs.
	var relExprs map[ast.Node]bool
	if rel := e.releasers(f, class, idx); len(rel) > 0 {
		relExprs = make(map[ast.Node]bool)
		for _, ret := range f.Returns() {
			for _, j := range rel {
				if j < len(ret.Results) {
					relExprs[ret.Results[j]] = true
					if fv := e.funcValue(f, ret.Results[j]); fv != nil {
						relExprs[fv] = true // commit := func() error { ... }; return tx, commit, ...
					}
				}
			}
		}
	}
	inReleaser := func(c inspector.Cursor) bool {
		for ; c.Valid() && c.Node() != f.Node; c = c.Parent() {
			if relExprs[c.Node()] {
				return true
			}
		}
		return false
	}
	for v := range fresh {
		t := e.newTracker(e.state(f), class, depth+1, true, v)
		for _, u := range t.collect() {
			if relExprs != nil && inReleaser(u.cur) {
				continue
			}
			if (u.kind == evHandover && !u.returned) || (u.kind == evRelease && u.deferred) {
				delete(fresh, v)
				break
			}
		}
	}
	holds := func(x ast.Expr) bool {
		x = ast.Unparen(x)
		if producing(x) {
			return true
		}
		if v := e.fl.LocalVar(x); v != nil {
			return fresh[v]
		}
		// &Store{DB: db}: a value of the handle's kind that wraps a fresh one.
		if u, ok := x.(*ast.UnaryExpr); ok {
			x = ast.Unparen(u.X)
		}
		lit, ok := x.(*ast.CompositeLit)
		if !ok || e.classOf(e.info.TypeOf(lit)) == nil || e.classOf(e.info.TypeOf(lit)).Kind != class.Kind {
			return false
		}
		for _, el := range lit.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				el = kv.Value
			}
			if v := e.fl.LocalVar(el); v != nil && fresh[v] {
				return true
			}
		}
		return false
	}
	// Fresh when some return gives a fresh handle and none gives one that
	// someone else owns (a cached statement, the caller's transaction): a
	// caller cannot tell which it got, so it is not told to release it.
	freshSeen, mixed := false, false
	for _, ret := range f.Returns() {
		switch {
		case len(ret.Results) == 0:
			if v := f.Result(idx); v != nil && fresh[v] {
				freshSeen = true
			}
		case len(ret.Results) == 1 && f.NumResults() > 1:
			if producing(ret.Results[0]) {
				freshSeen = true
			} else {
				mixed = true
			}
		case idx < len(ret.Results):
			switch x := ret.Results[idx]; {
			case holds(x):
				freshSeen = true
			case !isNil(e.info, ast.Unparen(x)):
				mixed = true
			}
		}
	}
	return freshSeen && !mixed
}

// releasers returns the indices of the results of f, a same-package
// function returning a handle of the class as result idx, that are
// functions releasing that handle: on every return that gives a handle in
// a local variable, result j is a release method value of it (tx.Commit) or
// a closure whose body releases it (func() error { return tx.Rollback() }).
// func begin(ctx) (tx *sql.Tx, commit, rollback func() error, err error):
// the caller releases the transaction by calling commit or rollback. nil
// when there are none, or when some return is not read.
func (e *engine) releasers(f *flow.Func, class *sqlapi.Class, idx int) []int {
	key := freshKey{f, idx}
	if r, ok := e.releaseFuncs[key]; ok {
		return r
	}
	e.releaseFuncs[key] = nil // recursion: none
	var cands []int
	n := f.NumResults()
	if f.Obj != nil {
		res := f.Obj.Signature().Results()
		for j := range res.Len() {
			if _, ok := res.At(j).Type().Underlying().(*types.Signature); ok && j != idx {
				cands = append(cands, j)
			}
		}
	}
	seen := false
	for _, ret := range f.Returns() {
		if len(cands) == 0 {
			break
		}
		if len(ret.Results) != n || idx >= n {
			cands = nil
			break
		}
		x := ast.Unparen(ret.Results[idx])
		if isNil(e.info, x) {
			continue
		}
		v := e.fl.LocalVar(x)
		if v == nil {
			cands = nil
			break
		}
		seen = true
		cands = slices.DeleteFunc(cands, func(j int) bool { return !e.releasesVar(f, ret.Results[j], v, class) })
	}
	if !seen {
		cands = nil
	}
	e.releaseFuncs[key] = cands
	return cands
}

type releaseOnlyResult struct {
	class *sqlapi.Class
	idx   int
}

// releaseOnly returns, for a call of a same-package function that returns
// no handle but a function releasing one it took itself (func (s *Store)
// lock(ctx) (release func(), err error), which acquires a connection and
// returns a closure closing it), the class of that handle, a connection or
// a transaction, and the index of that result: calling the function
// releases the handle, and a path that does not leaves it behind. nil when
// the callee is no such function, or its body cannot be read.
func (e *engine) releaseOnly(call *ast.CallExpr) (*sqlapi.Class, int) {
	tup, ok := e.info.TypeOf(call).(*types.Tuple)
	if !ok {
		if sig, isSig := types.Unalias(e.info.TypeOf(call)).(*types.Signature); !isSig || sig == nil {
			return nil, -1
		}
	} else {
		funcs := false
		for i := range tup.Len() {
			if _, isSig := tup.At(i).Type().Underlying().(*types.Signature); isSig {
				funcs = true
			}
		}
		if !funcs {
			return nil, -1
		}
	}
	c, ok := e.res.Resolve(call)
	if !ok {
		return nil, -1
	}
	f := e.fl.Decl(c.Func)
	if f == nil || f.Obj == nil {
		return nil, -1
	}
	if r, ok := e.behind[f]; ok {
		return r.class, r.idx
	}
	e.behind[f] = releaseOnlyResult{idx: -1} // recursion: none
	r := e.computeReleaseOnly(f)
	e.behind[f] = r
	return r.class, r.idx
}

func (e *engine) computeReleaseOnly(f *flow.Func) releaseOnlyResult {
	none := releaseOnlyResult{idx: -1}
	res := f.Obj.Signature().Results()
	var cands []int
	for j := range res.Len() {
		if _, ok := res.At(j).Type().Underlying().(*types.Signature); ok {
			cands = append(cands, j)
		}
	}
	if len(cands) == 0 {
		return none
	}
	// The connections and transactions the body takes itself.
	fresh := make(map[*types.Var]*sqlapi.Class)
	flow.Inspect(f.Body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		for a := range flow.Assigns(n) {
			call, ok := ast.Unparen(a.Value()).(*ast.CallExpr)
			if !ok {
				continue
			}
			c, hi := e.resultClass(call)
			if c == nil || (c.Kind != sqlapi.Conn && c.Kind != sqlapi.Tx) || (a.Multi != nil && a.Index != hi) {
				continue
			}
			if v := e.fl.LocalVar(a.Lhs); v != nil && f.InBody(v) && e.isProducer(call, c, hi, 1) {
				fresh[v] = c
			}
		}
		return true
	})
	if len(fresh) == 0 {
		return none
	}
	for _, j := range cands {
		var held *types.Var
		ok := true
		for _, ret := range f.Returns() {
			if len(ret.Results) != res.Len() {
				ok = false
				break
			}
			x := ast.Unparen(ret.Results[j])
			if isNil(e.info, x) {
				continue
			}
			found := false
			for v, class := range fresh {
				if (held == nil || held == v) && e.releasesVar(f, x, v, class) {
					held, found = v, true
					break
				}
			}
			if !found {
				ok = false
				break
			}
		}
		if ok && held != nil {
			return releaseOnlyResult{class: fresh[held], idx: j}
		}
	}
	return none
}

// releasesVar reports whether x, a function-valued expression, releases
// the handle in v when called: v.Commit, a closure whose body releases v,
// or a variable of the function only assigned one of those.
func (e *engine) releasesVar(f *flow.Func, x ast.Expr, v *types.Var, class *sqlapi.Class) bool {
	if fv := e.funcValue(f, x); fv != nil {
		x = fv
	}
	switch x := ast.Unparen(x).(type) {
	case *ast.SelectorExpr:
		s, ok := e.info.Selections[x]
		return ok && s.Kind() == types.MethodVal && class.Releases(x.Sel.Name) && e.fl.LocalVar(x.X) == v
	case *ast.FuncLit:
		lf := e.fl.Func(x)
		if lf == nil {
			return false
		}
		return e.newTracker(e.state(lf), class, maxDepth-1, true, v).summarize().kind == evRelease
	}
	return false
}

// funcValue returns, for x a variable of f's body assigned once, the value
// it is assigned; nil otherwise.
func (e *engine) funcValue(f *flow.Func, x ast.Expr) ast.Expr {
	v := e.fl.LocalVar(x)
	if v == nil || !f.InBody(v) {
		return nil
	}
	var val ast.Expr
	for _, u := range f.Uses(v) {
		switch u.ParentEdgeKind() {
		case edge.AssignStmt_Lhs, edge.ValueSpec_Names:
			if val != nil {
				return nil
			}
			for a := range flow.Assigns(u.Parent().Node()) {
				if a.Rhs != nil && a.Lhs == u.Node() {
					val = a.Rhs
				}
			}
			if val == nil {
				return nil
			}
		}
	}
	return val
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
	if fn := c.Func; fn.Pkg() != nil && fn.Pkg() != e.fl.Pkg {
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
