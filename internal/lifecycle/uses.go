package lifecycle

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"

	"github.com/dbpoollint/dbpoollint/internal/noreturn"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// maxDepth bounds how deep the engine reads same-package callees. Beyond it
// a callee is treated as code it cannot see: the handle is handed over.
const maxDepth = 4

// evKind is what one use of a handle does to it. The order matters: a
// stronger event on a node wins over a weaker one.
type evKind int

const (
	evNeutral  evKind = iota // reads it (Next, Scan on rows, Exec on a tx...)
	evAlias                  // copies it into another local variable
	evReassign               // overwrites its variable
	evDrain                  // reads rows until Next returns false
	evRelease                // Close, Commit, Rollback, Scan on a row
	evHandover               // returns, stores or passes it where the engine cannot see
)

// done reports whether the event ends the engine's responsibility for the
// handle on a path.
func (k evKind) done() bool { return k == evRelease || k == evHandover }

type engine struct {
	pass *analysis.Pass
	info *types.Info
	in   *inspector.Inspector
	res  *sqlapi.Resolver

	decls  map[*types.Func]inspector.Cursor // lazily: the package's FuncDecls with bodies
	funcs  map[ast.Node]*funcAnalysis
	params map[paramKey]evKind
	fresh  map[freshKey]int8 // 1 in progress, 2 fresh, 3 not
	kinds  map[types.Type]sqlapi.Handle
	noRet  map[ast.Node]int8 // 1 in progress, 2 no return, 3 returns
}

type paramKey struct {
	fn    ast.Node
	index int // -1 for the receiver
	kind  sqlapi.Handle
}

type freshKey struct {
	fn  ast.Node
	idx int
}

func newEngine(pass *analysis.Pass, in *inspector.Inspector, res *sqlapi.Resolver) *engine {
	return &engine{
		pass:   pass,
		info:   pass.TypesInfo,
		in:     in,
		res:    res,
		funcs:  make(map[ast.Node]*funcAnalysis),
		params: make(map[paramKey]evKind),
		fresh:  make(map[freshKey]int8),
		kinds:  make(map[types.Type]sqlapi.Handle),
		noRet:  make(map[ast.Node]int8),
	}
}

// declCursor returns the cursor of fn's declaration in this package, if it
// has a body.
func (e *engine) declCursor(fn *types.Func) (inspector.Cursor, bool) {
	if e.decls == nil {
		e.decls = make(map[*types.Func]inspector.Cursor)
		for cur := range e.in.Root().Preorder((*ast.FuncDecl)(nil)) {
			fd := cur.Node().(*ast.FuncDecl)
			if fd.Body == nil {
				continue
			}
			if f, ok := e.info.Defs[fd.Name].(*types.Func); ok {
				e.decls[f] = cur
			}
		}
	}
	if fn == nil || fn.Pkg() != e.pass.Pkg {
		return inspector.Cursor{}, false
	}
	c, ok := e.decls[fn.Origin()]
	return c, ok
}

func (e *engine) decl(fn *types.Func) *ast.FuncDecl {
	if c, ok := e.declCursor(fn); ok {
		return c.Node().(*ast.FuncDecl)
	}
	return nil
}

// funcAnalysis holds what the engine knows of one function (a FuncDecl or a
// FuncLit): its variables' uses and, once needed, its CFG.
type funcAnalysis struct {
	e       *engine
	cur     inspector.Cursor
	node    ast.Node
	body    *ast.BlockStmt
	results map[*types.Var]bool               // named results
	uses    map[*types.Var][]inspector.Cursor // every identifier, nested closures included

	g     *cfg.CFG
	index map[ast.Node]nodePos // CFG node -> its block and index
	fails map[ast.Node]bool    // CFG nodes that report a test failure (t.Error)
	// isMain is set for main.main: returning from it ends the process.
	isMain bool
}

type nodePos struct {
	b *cfg.Block
	i int
}

func (e *engine) funcAnalysis(cur inspector.Cursor) *funcAnalysis {
	n := cur.Node()
	if fa, ok := e.funcs[n]; ok {
		return fa
	}
	body, ftype := funcBody(n)
	fa := &funcAnalysis{e: e, cur: cur, node: n, body: body, results: make(map[*types.Var]bool)}
	if ftype != nil && ftype.Results != nil {
		for _, f := range ftype.Results.List {
			for _, name := range f.Names {
				if v, ok := e.info.Defs[name].(*types.Var); ok {
					fa.results[v] = true
				}
			}
		}
	}
	if fd, ok := n.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == "main" && e.pass.Pkg.Name() == "main" {
		fa.isMain = true
	}
	fa.uses = make(map[*types.Var][]inspector.Cursor)
	for c := range cur.Preorder((*ast.Ident)(nil)) {
		if v, ok := e.info.ObjectOf(c.Node().(*ast.Ident)).(*types.Var); ok {
			fa.uses[v] = append(fa.uses[v], c)
		}
	}
	e.funcs[n] = fa
	return fa
}

// isLocal reports whether v is a variable of this function itself (a
// parameter or a local, not a named result, a global, or a variable of an
// enclosing function).
func (fa *funcAnalysis) isLocal(v *types.Var) bool {
	if v == nil || v.IsField() || fa.results[v] {
		return false
	}
	return fa.node.Pos() <= v.Pos() && v.Pos() < fa.node.End()
}

// cfg returns the function's control-flow graph, building it once.
func (fa *funcAnalysis) cfg() *cfg.CFG {
	if fa.g == nil {
		fa.g = cfg.New(fa.body, fa.e.mayReturn)
		fa.index = make(map[ast.Node]nodePos)
		fa.fails = make(map[ast.Node]bool)
		for _, b := range fa.g.Blocks {
			if !b.Live {
				continue
			}
			for i, n := range b.Nodes {
				fa.index[n] = nodePos{b, i}
				if es, ok := n.(*ast.ExprStmt); ok {
					if call, ok := ast.Unparen(es.X).(*ast.CallExpr); ok && fa.e.reportsTestFailure(call) {
						fa.fails[n] = true
					}
				}
			}
		}
	}
	return fa.g
}

// tracker classifies the uses of one handle's variables in one function.
type tracker struct {
	e       *engine
	fa      *funcAnalysis
	kind    sqlapi.Handle
	v       *types.Var          // the handle's own variable: its assignments are reassignments
	vars    map[*types.Var]bool // v and its aliases
	methods map[*types.Var]bool // variables bound to a release method value of v (f := rows.Close)
	summary bool                // no paths: a callee's or a closure's body as a whole
	depth   int
	lits    map[ast.Node]evKind // closure fates, cached
}

func (e *engine) newTracker(fa *funcAnalysis, kind sqlapi.Handle, depth int, summary bool, seeds ...*types.Var) *tracker {
	t := &tracker{e: e, fa: fa, kind: kind, vars: make(map[*types.Var]bool), methods: make(map[*types.Var]bool),
		summary: summary, depth: depth, lits: make(map[ast.Node]evKind)}
	for _, s := range seeds {
		if s != nil {
			t.vars[s] = true
		}
	}
	if !summary && len(seeds) > 0 {
		t.v = seeds[0]
	}
	return t
}

// use is one classified occurrence of a tracked variable.
type use struct {
	cur      inspector.Cursor
	kind     evKind
	deferred bool
	inLit    bool   // inside a closure
	addr     bool   // &v
	callee   string // for evDrain through a call: who reads the rows
	returned bool   // handed over by a return statement
}

// collect classifies every use of the tracked variables, adding aliases to
// the set as they are found.
func (t *tracker) collect() []use {
	var out []use
	seen := make(map[*types.Var]bool)
	queue := make([]*types.Var, 0, len(t.vars))
	for v := range t.vars {
		queue = append(queue, v)
	}
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		if seen[v] {
			continue
		}
		seen[v] = true
		for _, c := range t.fa.uses[v] {
			u, alias := t.classify(c)
			if alias != nil && !t.vars[alias] {
				t.vars[alias] = true
				queue = append(queue, alias)
			}
			out = append(out, u)
		}
	}
	return out
}

// summarize returns the strongest event among all uses of the seeds in the
// function: evRelease or evHandover when the function releases or hands
// over the handle anywhere, evDrain when it reads rows to the end.
func (t *tracker) summarize() evKind {
	best := evNeutral
	for _, u := range t.collect() {
		switch {
		case u.kind.done():
			return u.kind
		case u.kind == evDrain:
			best = evDrain
		}
	}
	return best
}

// classify says what the identifier at c (a use of a tracked variable) does
// to the handle, and returns the variable it is copied into, if any.
func (t *tracker) classify(c inspector.Cursor) (use, *types.Var) {
	u := use{cur: c}
	// A use inside a closure: the closure's fate decides.
	var lit inspector.Cursor
	for p := c.Parent(); p.Valid() && p.Node() != t.fa.node; p = p.Parent() {
		if _, ok := p.Node().(*ast.FuncLit); ok {
			lit = p
		}
	}
	if lit.Valid() {
		u.inLit = true
		u.kind, u.deferred = t.closureFate(lit)
		return u, nil
	}
	id := c.Node().(*ast.Ident)
	obj, _ := t.e.info.ObjectOf(id).(*types.Var)
	switch c.ParentEdgeKind() {
	case edge.Field_Names:
		return u, nil // the declaration of a parameter
	case edge.AssignStmt_Lhs, edge.ValueSpec_Names, edge.RangeStmt_Key, edge.RangeStmt_Value:
		if obj == t.v && !t.summary {
			u.kind = evReassign
		}
		return u, nil
	}
	if t.methods[obj] {
		// f := rows.Close: a call of f releases.
		if c.ParentEdgeKind() == edge.CallExpr_Fun {
			u.kind = evRelease
			u.deferred = c.Parent().ParentEdgeKind() == edge.DeferStmt_Call
		} else if k := c.ParentEdgeKind(); k != edge.AssignStmt_Rhs && k != edge.ValueSpec_Values {
			u.kind = evHandover // the method value goes elsewhere
		}
		return u, nil
	}
	return t.climb(c, u)
}

// climb classifies the expression at c, which evaluates to the handle.
func (t *tracker) climb(c inspector.Cursor, u use) (use, *types.Var) {
	info := t.e.info
	kind := t.kind // the handle the expression at c is
	for {
		k, idx := c.ParentEdge()
		p := c.Parent()
		switch k {
		case edge.ParenExpr_X, edge.TypeAssertExpr_X, edge.StarExpr_X:
			c = p
			continue

		case edge.SelectorExpr_X:
			sel := p.Node().(*ast.SelectorExpr)
			s, ok := info.Selections[sel]
			if !ok {
				return u, nil
			}
			switch s.Kind() {
			case types.FieldVal:
				f, ok := s.Obj().(*types.Var)
				if !ok {
					return u, nil
				}
				if k := kindOf(f.Type()); k != sqlapi.NoHandle && (f.Embedded() || t.summary) {
					// w.Rows: the same handle. In a body read as a whole, a
					// handle field of the tracked value (sqlx's Row keeps its
					// rows in one) is what releasing it means.
					kind = k
					c = p
					continue
				}
				return u, nil // another field of a wrapper
			case types.MethodVal:
				if p.ParentEdgeKind() == edge.CallExpr_Fun {
					callCur := p.Parent()
					rc, ok := t.e.res.Resolve(callCur.Node().(*ast.CallExpr))
					if !ok {
						return u, nil
					}
					u.deferred = callCur.ParentEdgeKind() == edge.DeferStmt_Call
					u.kind = t.e.methodFate(rc, kind, t.depth)
					if u.kind == evNeutral && t.summary && kind == sqlapi.Rows && rc.Name() == "Next" && callCur.ParentEdgeKind() == edge.ForStmt_Cond {
						u.kind = evDrain // for rows.Next() { ... } in a callee
					}
					return u, nil
				}
				// A method value.
				if !isRelease(kind, sel.Sel.Name) {
					return u, nil
				}
				if lhs := assignedTo(p); lhs != nil {
					if v, ok := info.ObjectOf(lhs).(*types.Var); ok && t.fa.isLocal(v) && t.e.res.MethodValue(v) == sel {
						t.methods[v] = true
						return u, v // its calls are followed as uses
					}
				}
				u.kind = evHandover
				return u, nil
			}
			return u, nil

		case edge.CallExpr_Fun:
			return u, nil // calling a func-typed value

		case edge.CallExpr_Args:
			call := p.Node().(*ast.CallExpr)
			if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
				c = p // a conversion: io.Closer(rows)
				continue
			}
			if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
				if b, ok := info.Uses[id].(*types.Builtin); ok {
					if b.Name() == "append" {
						u.kind = evHandover
					}
					return u, nil
				}
			}
			u.deferred = p.ParentEdgeKind() == edge.DeferStmt_Call
			u.kind = t.e.argFate(p, idx, kind, t.depth)
			if u.kind == evDrain {
				u.callee = t.e.calleeName(call)
			}
			return u, nil

		case edge.AssignStmt_Rhs:
			as := p.Node().(*ast.AssignStmt)
			if len(as.Lhs) != len(as.Rhs) {
				u.kind = evHandover
				return u, nil
			}
			return t.storeTo(as.Lhs[idx], u)

		case edge.ValueSpec_Values:
			vs := p.Node().(*ast.ValueSpec)
			if len(vs.Names) != len(vs.Values) {
				u.kind = evHandover
				return u, nil
			}
			return t.storeTo(vs.Names[idx], u)

		case edge.BinaryExpr_X, edge.BinaryExpr_Y, edge.SwitchStmt_Tag, edge.CaseClause_List,
			edge.ExprStmt_X, edge.IndexExpr_Index, edge.IncDecStmt_X, edge.TypeSwitchStmt_Assign:
			return u, nil

		case edge.UnaryExpr_X:
			if p.Node().(*ast.UnaryExpr).Op == token.AND {
				u.kind = evHandover
				u.addr = true
			}
			return u, nil

		case edge.ReturnStmt_Results:
			u.kind = evHandover
			u.returned = true
			return u, nil

		default:
			// Sent on a channel, put in a composite literal, or something
			// the engine does not model: handed over.
			u.kind = evHandover
			return u, nil
		}
	}
}

// assignedTo returns the identifier a single-valued expression at c is
// assigned to, if any.
func assignedTo(c inspector.Cursor) *ast.Ident {
	k, idx := c.ParentEdge()
	switch k {
	case edge.AssignStmt_Rhs:
		as := c.Parent().Node().(*ast.AssignStmt)
		if len(as.Lhs) == len(as.Rhs) {
			id, _ := ast.Unparen(as.Lhs[idx]).(*ast.Ident)
			return id
		}
	case edge.ValueSpec_Values:
		vs := c.Parent().Node().(*ast.ValueSpec)
		if len(vs.Names) == len(vs.Values) {
			return vs.Names[idx]
		}
	}
	return nil
}

// storeTo classifies copying the handle into lhs.
func (t *tracker) storeTo(lhs ast.Expr, u use) (use, *types.Var) {
	id, ok := ast.Unparen(lhs).(*ast.Ident)
	if !ok {
		u.kind = evHandover // a field, a map or slice element, *p
		return u, nil
	}
	if id.Name == "_" {
		return u, nil
	}
	v, ok := t.e.info.ObjectOf(id).(*types.Var)
	if ok && t.fa.isLocal(v) {
		u.kind = evAlias
		return u, v
	}
	u.kind = evHandover // a global, a named result, a captured variable
	return u, nil
}

// closureFate classifies a closure that uses a tracked variable: its body's
// summary when it is called at once or deferred; a handover when it
// escapes and releases or hands over the handle; neutral when it only reads.
func (t *tracker) closureFate(lit inspector.Cursor) (evKind, bool) {
	deferred := false
	called := false
	if lit.ParentEdgeKind() == edge.CallExpr_Fun {
		switch lit.Parent().ParentEdgeKind() {
		case edge.DeferStmt_Call:
			deferred, called = true, true
		case edge.GoStmt_Call:
		default:
			called = true
		}
	}
	inner, ok := t.lits[lit.Node()]
	if !ok {
		if t.depth >= maxDepth {
			inner = evHandover
		} else {
			sub := t.e.newTracker(t.e.funcAnalysis(lit), t.kind, t.depth+1, true)
			for v := range t.vars {
				sub.vars[v] = true
			}
			for v := range t.methods {
				sub.methods[v] = true
			}
			inner = sub.summarize()
		}
		t.lits[lit.Node()] = inner
	}
	switch {
	case inner == evNeutral:
		return evNeutral, false
	case called:
		return inner, deferred
	default:
		return evHandover, false
	}
}

// isRelease reports whether the method name releases a handle of the kind.
func isRelease(kind sqlapi.Handle, name string) bool {
	switch kind {
	case sqlapi.Rows, sqlapi.Stmt, sqlapi.Conn:
		return name == "Close"
	case sqlapi.Tx:
		return name == "Commit" || name == "Rollback"
	case sqlapi.Row:
		switch name {
		case "Scan", "StructScan", "MapScan", "SliceScan":
			return true
		}
	}
	return false
}

// methodFate classifies calling the method c on a handle of the kind.
func (e *engine) methodFate(c sqlapi.Call, kind sqlapi.Handle, depth int) evKind {
	if isRelease(kind, c.Name()) {
		return evRelease
	}
	if c.Interface() {
		return evNeutral
	}
	if cur, ok := e.declCursor(c.Func); ok {
		return e.paramFate(cur, -1, kind, depth+1) // this package's method: read it
	}
	switch pkgPath(c.Func) {
	case sqlapi.SQL, sqlapi.Sqlx:
		return evNeutral
	}
	return evHandover // a wrapper's method in another package
}

// argFate classifies passing a handle as argument idx of the call at callCur.
func (e *engine) argFate(callCur inspector.Cursor, idx int, kind sqlapi.Handle, depth int) evKind {
	call := callCur.Node().(*ast.CallExpr)
	if _, ok := ast.Unparen(call.Fun).(*ast.FuncLit); ok {
		lit := callCur.ChildAt(edge.CallExpr_Fun, -1)
		for lit.Valid() {
			if _, ok := lit.Node().(*ast.FuncLit); ok {
				break
			}
			lit, _ = lit.FirstChild()
		}
		if !lit.Valid() {
			return evHandover
		}
		return e.paramFate(lit, idx, kind, depth+1)
	}
	c, ok := e.res.Resolve(call)
	if !ok {
		return evHandover // a function value
	}
	if c.Via == sqlapi.MethodExpr {
		if idx == 0 {
			return e.methodFate(c, kind, depth)
		}
		idx--
	}
	if cur, ok := e.declCursor(c.Func); ok {
		return e.paramFate(cur, idx, kind, depth+1) // this package's function: read it
	}
	switch pkgPath(c.Func) {
	case sqlapi.SQL:
		return evNeutral
	case sqlapi.Sqlx:
		if c.Recv == nil && c.Name() == "StructScan" && kind == sqlapi.Rows {
			return evDrain // reads all rows; closes nothing
		}
		return evNeutral
	}
	// An interface method, a function value, or another package's function.
	return evHandover
}

// calleeName names a call's callee for messages: "sqlx.StructScan",
// "collect", "s.scan".
func (e *engine) calleeName(call *ast.CallExpr) string {
	return e.producerName(call)
}

func pkgPath(fn *types.Func) string {
	if fn.Pkg() == nil {
		return ""
	}
	return fn.Pkg().Path()
}

// paramFate reads the body of a same-package function (or a closure called
// at once) for what it does to parameter idx (-1: the receiver).
func (e *engine) paramFate(fnCur inspector.Cursor, idx int, kind sqlapi.Handle, depth int) evKind {
	if depth > maxDepth {
		return evHandover
	}
	key := paramKey{fnCur.Node(), idx, kind}
	if r, ok := e.params[key]; ok {
		return r
	}
	e.params[key] = evHandover // recursion: assume handled
	r := e.computeParamFate(fnCur, idx, kind, depth)
	e.params[key] = r
	return r
}

func (e *engine) computeParamFate(fnCur inspector.Cursor, idx int, kind sqlapi.Handle, depth int) evKind {
	_, ftype := funcBody(fnCur.Node())
	var p *types.Var
	if idx < 0 {
		fd, ok := fnCur.Node().(*ast.FuncDecl)
		if !ok || fd.Recv == nil || len(fd.Recv.List) == 0 || len(fd.Recv.List[0].Names) == 0 {
			return evNeutral // an unnamed receiver cannot be used
		}
		p, _ = e.info.Defs[fd.Recv.List[0].Names[0]].(*types.Var)
	} else {
		var variadic bool
		p, variadic = paramAt(e.info, ftype, idx)
		if variadic {
			return evHandover // collected in a slice: not followed
		}
	}
	if p == nil || p.Name() == "_" || p.Name() == "" {
		return evNeutral
	}
	t := e.newTracker(e.funcAnalysis(fnCur), kind, depth, true, p)
	return t.summarize()
}

// paramAt returns parameter i of the function type, and whether it is (or
// i falls into) the variadic tail.
func paramAt(info *types.Info, ft *ast.FuncType, i int) (*types.Var, bool) {
	if ft == nil || ft.Params == nil {
		return nil, false
	}
	k := 0
	list := ft.Params.List
	for fi, field := range list {
		_, isEllipsis := field.Type.(*ast.Ellipsis)
		n := len(field.Names)
		if n == 0 {
			n = 1
		}
		for j := range n {
			if k == i || (isEllipsis && fi == len(list)-1 && i >= k) {
				if isEllipsis {
					return nil, true
				}
				if len(field.Names) == 0 {
					return nil, false
				}
				v, _ := info.Defs[field.Names[j]].(*types.Var)
				return v, false
			}
			k++
		}
	}
	return nil, false
}

// returnsFresh reports whether a same-package function returns, as result
// idx, a handle it produced itself (not one it got from a field or a
// parameter).
func (e *engine) returnsFresh(cur inspector.Cursor, kind sqlapi.Handle, idx, depth int) bool {
	if depth > maxDepth {
		return false
	}
	fd := cur.Node().(*ast.FuncDecl)
	key := freshKey{fd, idx}
	switch e.fresh[key] {
	case 1, 3:
		return false
	case 2:
		return true
	}
	e.fresh[key] = 1
	r := e.computeFresh(cur, kind, idx, depth)
	if r {
		e.fresh[key] = 2
	} else {
		e.fresh[key] = 3
	}
	return r
}

func (e *engine) computeFresh(cur inspector.Cursor, kind sqlapi.Handle, idx, depth int) bool {
	fd := cur.Node().(*ast.FuncDecl)
	producing := func(x ast.Expr) bool {
		call, ok := ast.Unparen(x).(*ast.CallExpr)
		if !ok {
			return false
		}
		k, i := e.resultHandle(call)
		return k != sqlapi.NoHandle && e.isProducer(call, k, i, depth+1)
	}
	// Variables assigned a produced handle somewhere in the body.
	fresh := make(map[*types.Var]bool)
	bindFresh := func(lhs []ast.Expr, rhs []ast.Expr) {
		for i, r := range rhs {
			call, ok := ast.Unparen(r).(*ast.CallExpr)
			if !ok {
				continue
			}
			k, hi := e.resultHandle(call)
			if k == sqlapi.NoHandle {
				continue
			}
			target := -1
			if len(lhs) == len(rhs) {
				target = i
			} else if len(rhs) == 1 && hi < len(lhs) {
				target = hi
			}
			if target < 0 {
				continue
			}
			if id, ok := ast.Unparen(lhs[target]).(*ast.Ident); ok {
				if v, ok := e.info.ObjectOf(id).(*types.Var); ok && e.isProducer(call, k, hi, depth+1) {
					fresh[v] = true
				}
			}
		}
	}
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			bindFresh(n.Lhs, n.Rhs)
		case *ast.ValueSpec:
			lhs := make([]ast.Expr, len(n.Names))
			for i, id := range n.Names {
				lhs[i] = id
			}
			bindFresh(lhs, n.Values)
		}
		return true
	})
	var named []*types.Var
	if fd.Type.Results != nil {
		for _, f := range fd.Type.Results.List {
			if len(f.Names) == 0 {
				named = append(named, nil)
			}
			for _, id := range f.Names {
				v, _ := e.info.Defs[id].(*types.Var)
				named = append(named, v)
			}
		}
	}
	// A handle the function also stores (a statement cache) or releases is
	// not the caller's to release.
	kept := func(v *types.Var) bool {
		t := e.newTracker(e.funcAnalysis(cur), kind, depth+1, true, v)
		for _, u := range t.collect() {
			if u.kind.done() && !u.returned {
				return true
			}
		}
		return false
	}
	for v := range fresh {
		if kept(v) {
			delete(fresh, v)
		}
	}
	found := false
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			switch {
			case len(n.Results) == 0:
				if idx < len(named) && named[idx] != nil && fresh[named[idx]] {
					found = true
				}
			case len(n.Results) == 1 && idx >= 0:
				if _, multi := e.info.TypeOf(n.Results[0]).(*types.Tuple); multi {
					found = producing(n.Results[0])
					break
				}
				fallthrough
			default:
				if idx < len(n.Results) {
					r := ast.Unparen(n.Results[idx])
					if producing(r) {
						found = true
					} else if id, ok := r.(*ast.Ident); ok {
						if v, ok := e.info.ObjectOf(id).(*types.Var); ok && fresh[v] {
							found = true
						}
					}
				}
			}
		}
		return true
	})
	return found
}

// mayReturn tells the CFG builder which calls never return: those package
// noreturn knows, and same-package functions whose every path ends in one of
// them.
func (e *engine) mayReturn(call *ast.CallExpr) bool {
	if noreturn.Call(e.info, call) {
		return false
	}
	c, ok := e.res.Resolve(call)
	if !ok {
		return true
	}
	if c.Func.Pkg() == e.pass.Pkg {
		if cur, ok := e.declCursor(c.Func); ok {
			return !e.noReturn(cur)
		}
	}
	return true
}

// reportsTestFailure reports whether the call is testing's Error, Errorf or
// Fail: past it the test has failed, and a leak on that path does not
// matter more than the failure.
func (e *engine) reportsTestFailure(call *ast.CallExpr) bool {
	c, ok := e.res.Resolve(call)
	if !ok || pkgPath(c.Func) != "testing" {
		return false
	}
	switch c.Name() {
	case "Error", "Errorf", "Fail":
		return true
	}
	return false
}

// noReturn reports whether no path through the same-package function
// returns.
func (e *engine) noReturn(cur inspector.Cursor) bool {
	n := cur.Node()
	switch e.noRet[n] {
	case 1, 3:
		return false
	case 2:
		return true
	}
	e.noRet[n] = 1
	body, _ := funcBody(n)
	r := body != nil && cfg.New(body, e.mayReturn).NoReturn()
	if r {
		e.noRet[n] = 2
	} else {
		e.noRet[n] = 3
	}
	return r
}
