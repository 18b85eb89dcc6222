package lifecycle

// This file is the first stage: what each use of a handle's variables does
// to the handle.

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/dbpoollint/dbpoollint/internal/flow"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// liveBudget bounds the node visits of the live searches of one function's
// handles: a function of a thousand handles each held to its end would
// otherwise cost the square of its size. Past it, the handles left have no
// live region, and what is done meanwhile is not reported.
const liveBudget = 1 << 17

// heldBudget bounds the node visits of the paths of one function's handles
// past the point where they are put in a container, which holds them to its
// release loop, often the function's end: a thousand statements appended to
// one slice would otherwise each walk the rest of the function. Past it,
// a collected handle's path ends there, as if handed over.
const heldBudget = 1 << 17

// evKind is what one use of a handle does to it. The order matters: a
// stronger event on a node wins over a weaker one.
type evKind int

const (
	evNeutral  evKind = iota // reads it (Next, Scan on rows, Exec on a tx...)
	evAlias                  // copies it into another local variable
	evCollect                // puts it in a local slice or map, which holds it from then on
	evReassign               // overwrites its variable
	evDrain                  // reads rows until Next returns false
	evRelease                // Close, Commit, Rollback, Scan on a row
	evHandover               // returns, stores or passes it where the engine cannot see
)

// done reports whether the event ends the engine's responsibility for the
// handle on a path.
func (k evKind) done() bool { return k == evRelease || k == evHandover }

// summary is what a function body (a callee's, or a closure's) does to a
// handle as a whole: the strongest event, how far it sends the handle, and
// the uses that matter to readers (settings, connection-taking calls).
type summary struct {
	kind   evKind
	escape Escape
	uses   []Use
	// onSuccess is set when the body hands the handle over only in returns
	// whose error is nil (return &Store{tx: tx}, nil): on its error paths
	// the caller still owns it.
	onSuccess bool
	// late is set when some use may run after the function returns: in a
	// closure that is returned, stored, passed on or run by a goroutine, in
	// a go statement, or through a method value (see safety.go).
	late bool
}

// funcState is what the engine knows of one function beyond the flow layer.
type funcState struct {
	f           *flow.Func
	liveBudget  int                    // node visits left for the live searches of its handles
	isMain      bool                   // main.main: returning from it ends the process
	fails       map[ast.Node]bool      // graph nodes that report a test failure (t.Error)
	errEv       map[*types.Var]errEvts // per error variable, built once
	cancel      map[*types.Var]*types.Var
	held        map[heldKey]heldInfo                 // the containers of its handles
	heldBudget  int                                  // node visits left for the paths of its handles once collected
	returns     map[*ast.ReturnStmt]inspector.Cursor // its return statements' cursors, built on first use
	noRowBudget int                                  // node visits left for the no-row paths of its rows (NoRowSuccess)
	reaching    map[*ast.Ident][]flow.Def            // the definitions reaching a use of a reused variable, asked once
	vars        map[varKey]*varUses                  // the classified uses of its handles\' variables
	returned    map[*types.Var]bool                  // the variables its return statements return, built on first use (heldBy)
}

func (e *engine) state(f *flow.Func) *funcState {
	if st, ok := e.funcs[f]; ok {
		return st
	}
	st := &funcState{f: f, errEv: make(map[*types.Var]errEvts), cancel: make(map[*types.Var]*types.Var), liveBudget: liveBudget, heldBudget: heldBudget, noRowBudget: liveBudget,
		reaching: make(map[*ast.Ident][]flow.Def), vars: make(map[varKey]*varUses)}
	if fd, ok := f.Node.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == "main" && e.fl.Pkg.Name() == "main" {
		st.isMain = true
	}
	e.funcs[f] = st
	return st
}

// tracker classifies the uses of one handle's variables in one function.
type tracker struct {
	e       *engine
	st      *funcState
	class   *sqlapi.Class
	v       *types.Var          // the handle's own variable: its assignments are reassignments
	vars    map[*types.Var]bool // v and its aliases
	methods map[*types.Var]bool // variables bound to a release method value of v (f := rows.Close)
	summary bool                // no paths: a callee's or a closure's body as a whole
	depth   int
	lits    map[ast.Node]summary // closure summaries, cached
	within  ast.Node             // if set, only the uses inside it count (a loop's body)
	handle  bool                 // follows a handle's own variable: the containers it is put in have their own events
	anchors []ast.Node           // a container's stores (S = append(S, v), S[i] = v): loops around them are not release loops
}

func (e *engine) newTracker(st *funcState, class *sqlapi.Class, depth int, whole bool, seeds ...*types.Var) *tracker {
	t := &tracker{e: e, st: st, class: class, vars: make(map[*types.Var]bool), methods: make(map[*types.Var]bool),
		summary: whole, depth: depth, lits: make(map[ast.Node]summary)}
	for _, s := range seeds {
		if s != nil {
			t.vars[s] = true
		}
	}
	if !whole && len(seeds) > 0 {
		t.v = seeds[0]
	}
	return t
}

// use is one classified occurrence of a tracked variable.
type use struct {
	cur       inspector.Cursor
	pos       token.Pos // cur's position, once the uses of a handle's variable are indexed
	kind      evKind
	deferred  bool
	inLit     bool             // inside a closure
	addr      bool             // &v
	callee    string           // for evDrain through a call: who reads the rows
	returned  bool             // handed over by a return statement
	onSuccess bool             // handed over only when the callee succeeds (summary.onSuccess)
	escape    Escape           // for evHandover: how far it goes
	in        *types.Var       // for evCollect: the slice or map it is put in
	at        inspector.Cursor // where the use is placed on the graph, if not at cur
	uses      []Use            // settings and connection-taking uses, this one's or a callee's
	late      bool             // may run after the function returns (summary.late)
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
		for _, c := range t.st.f.Uses(v) {
			if t.within != nil && !within(c.Node(), t.within) {
				continue
			}
			u, alias := t.classify(c)
			if alias != nil && u.kind == evCollect && t.handle {
				alias = nil // the container's uses are read once for all its handles (containerEvents)
			}
			if alias != nil && !t.vars[alias] {
				t.vars[alias] = true
				queue = append(queue, alias)
			}
			out = append(out, u)
		}
	}
	return out
}

// summarize returns what all uses of the seeds in the function do together.
func (t *tracker) summarize() summary {
	var s summary
	uses := t.collect()
	s.onSuccess = len(uses) > 0
	for _, u := range uses {
		if u.kind.done() && !(u.kind == evHandover && u.returned && t.returnsNilError(u.cur)) {
			s.onSuccess = false
		}
	}
	for _, u := range uses {
		s.uses = append(s.uses, u.uses...)
		s.late = s.late || u.late
		if u.kind == evHandover && u.escape > s.escape {
			s.escape = u.escape
		}
		switch {
		case u.kind.done() && !s.kind.done():
			s.kind = u.kind
		case u.kind == evDrain && s.kind < evDrain:
			s.kind = evDrain
		}
	}
	if !s.kind.done() {
		s.onSuccess = false
	}
	return s
}

// returnsNilError reports whether the use at c is in a return statement of
// the tracker's function whose last result is the nil error.
func (t *tracker) returnsNilError(c inspector.Cursor) bool {
	for p := c.Parent(); p.Valid() && p.Node() != t.st.f.Node; p = p.Parent() {
		switch n := p.Node().(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(n.Results) < 2 {
				return false
			}
			last := n.Results[len(n.Results)-1]
			tv, ok := t.e.info.Types[last]
			res := t.st.f.Obj
			if !ok || !tv.IsNil() || res == nil {
				return false
			}
			r := res.Signature().Results()
			return r.Len() == len(n.Results) && isError(r.At(r.Len()-1).Type())
		}
	}
	return false
}

// classify says what the identifier at c (a use of a tracked variable) does
// to the handle, and returns the variable it is copied into, if any.
func (t *tracker) classify(c inspector.Cursor) (use, *types.Var) {
	u := use{cur: c}
	// A use inside a closure: the closure's fate decides.
	var lit inspector.Cursor
	for p := c.Parent(); p.Valid() && p.Node() != t.st.f.Node; p = p.Parent() {
		if _, ok := p.Node().(*ast.FuncLit); ok {
			lit = p
		}
	}
	if lit.Valid() {
		u.inLit = true
		s, deferred := t.closureFate(lit)
		u.kind, u.deferred, u.escape, u.uses, u.late = s.kind, deferred, s.escape, s.uses, s.late
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
			u.uses = []Use{{Node: c.Parent().Node(), Release: true, Deferred: u.deferred}}
		} else if k := c.ParentEdgeKind(); k != edge.AssignStmt_Rhs && k != edge.ValueSpec_Values {
			u.kind, u.escape = evHandover, Stays // the method value goes elsewhere
		}
		return u, nil
	}
	if obj != nil && isContainer(obj.Type()) {
		// for _, s := range S { s.Close() }: the loop as a whole.
		if loop := t.loopOver(c); loop != nil {
			s := t.loopFate(loop, obj)
			u.kind, u.escape, u.uses = s.kind, s.escape, s.uses
			return u, nil
		}
		u, alias := t.climb(c, u)
		if !t.summary && (u.kind.done() || u.kind == evDrain) {
			if at, ok := t.loopEntry(c); ok {
				u.at = at // for j := 0; j < i; j++ { stmts[j].Close() }
			}
		}
		return u, alias
	}
	return t.climb(c, u)
}

// inLoop reports whether the call at c is the condition of a for loop or in
// the body of a loop of f: rows read in a loop, not checked once. A loop
// whose body assigns v, the rows' variable, is not one: each iteration
// produces its rows and reads them once.
func inLoop(c inspector.Cursor, f *flow.Func, v *types.Var) bool {
	for p := range c.Enclosing((*ast.ForStmt)(nil), (*ast.RangeStmt)(nil), (*ast.FuncLit)(nil), (*ast.FuncDecl)(nil)) {
		switch n := p.Node().(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			if !within(n, f.Body) {
				return false
			}
			if fs, ok := n.(*ast.ForStmt); ok && c.ParentEdgeKind() == edge.ForStmt_Cond && fs.Cond == c.Node() {
				return true
			}
			if v != nil {
				for _, u := range f.Uses(v) {
					if k := u.ParentEdgeKind(); (k == edge.AssignStmt_Lhs || k == edge.ValueSpec_Names) && within(u.Node(), loopBody(n.(ast.Stmt))) {
						return false
					}
				}
			}
			return true
		default:
			return false
		}
	}
	return false
}

// poolUse is what calling the method rc on a pool is: a setting, a call that
// takes no connection, or one that may take one.
func poolUse(class *sqlapi.Class, rc sqlapi.Call, call *ast.CallExpr) Use {
	switch name := rc.Name(); {
	case class.IsSetting(name):
		return Use{Node: call, Setting: name, Call: call}
	case class.TakesNoConn(name):
		return Use{Node: call}
	}
	return Use{Node: call, Acquire: true}
}

// storeTo classifies copying the value at rhs, the handle or a container
// holding it, into lhs. collect is set when rhs is append(S, v) of the
// handle.
func (t *tracker) storeTo(lhs ast.Expr, rhs ast.Expr, u use, collect bool) (use, *types.Var) {
	if ix, ok := ast.Unparen(lhs).(*ast.IndexExpr); ok && !isContainer(t.e.info.TypeOf(rhs)) {
		// S[i] = v, m[k] = v: a slice or map of this function's body holds it.
		if v := t.e.fl.LocalVar(ix.X); v != nil && t.st.f.InBody(v) && isContainer(v.Type()) {
			u.kind, u.escape, u.in = evCollect, Kept, v
			return u, v
		}
	}
	id, ok := ast.Unparen(lhs).(*ast.Ident)
	if !ok {
		u.kind, u.escape = evHandover, Kept // a field, a map or slice element, *p
		return u, nil
	}
	if id.Name == "_" {
		return u, nil
	}
	v, ok := t.e.info.ObjectOf(id).(*types.Var)
	if ok && t.st.f.IsLocal(v) {
		u.kind = evAlias
		if collect {
			// S = append(S, v): the escape is what the engine assumes of
			// the elements beyond their release loops.
			u.kind, u.escape, u.in = evCollect, Kept, v
		}
		return u, v
	}
	u.kind, u.escape = evHandover, Kept // a global, a named result, a captured variable
	if ok && t.st.f.IsResult(v) {
		u.escape = Returned
	}
	return u, nil
}

// closureFate classifies a closure that uses a tracked variable: its body's
// summary when it is called at once or deferred; a handover when it
// escapes and releases or hands over the handle; neutral when it only reads.
func (t *tracker) closureFate(lit inspector.Cursor) (summary, bool) {
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
			inner = summary{kind: evHandover}
		} else if f := t.e.fl.Func(lit.Node()); f != nil {
			sub := t.e.newTracker(t.e.state(f), t.class, t.depth+1, true)
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
	late := inner.late || (!called && !t.calledLocally(lit))
	switch {
	case inner.kind == evNeutral:
		return summary{uses: inner.uses, late: late}, false
	case called:
		return inner, deferred
	default:
		return summary{kind: evHandover, escape: max(inner.escape, t.heldEscape(lit)), uses: inner.uses, late: late}, false
	}
}
