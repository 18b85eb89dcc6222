package singledb

// This file reads the lifecycle of the package's pools: which calls open
// one, which functions return one they opened (constructors), and which open
// and close their own pool on every call.

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/dbpoollint/dbpoollint/internal/flow"
	"github.com/dbpoollint/dbpoollint/internal/lifecycle"
	"github.com/dbpoollint/dbpoollint/internal/reqscope"
	"github.com/dbpoollint/dbpoollint/internal/scope"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// pools answers, for one package, where pools are opened and how long they live.
type pools struct {
	pass   *analysis.Pass
	info   *types.Info
	fl     *flow.Package
	res    *sqlapi.Resolver
	lc     *lifecycle.Result
	scopes *reqscope.Finder

	byFunc   map[*flow.Func][]*lifecycle.Handle // the handles produced in each function
	derived  map[*types.Func]*derived           // memo; nil: not a constructor of pools
	perCall  map[*types.Func]*perCall           // memo; nil: not a per-call pool
	busy     map[*types.Func]bool               // recursion guard
	variants map[ast.Node]map[*types.Var]bool
	tests    bool // -tests: test code is analyzed as any other
}

func newPools(pass *analysis.Pass) *pools {
	pkg := scope.Of(pass)
	a := &pools{
		pass:     pass,
		info:     pass.TypesInfo,
		fl:       pkg.Flow(),
		res:      pkg.Resolver(),
		lc:       lifecycle.Of(pass),
		scopes:   reqscope.New(pass.TypesInfo, pkg.Inspector()),
		byFunc:   make(map[*flow.Func][]*lifecycle.Handle),
		derived:  make(map[*types.Func]*derived),
		perCall:  make(map[*types.Func]*perCall),
		busy:     make(map[*types.Func]bool),
		variants: make(map[ast.Node]map[*types.Var]bool),
	}
	for _, h := range a.lc.Handles {
		a.byFunc[h.Func] = append(a.byFunc[h.Func], h)
	}
	return a
}

// opening is a call that opens a pool.
type opening struct {
	h    *lifecycle.Handle
	name string // "sql.Open", or the same-package constructor's name
	// root and rootName: for a constructor, the opener it calls.
	root     token.Pos
	rootName string
	pool     types.Type
	// connects is set when the opening connects (sqlx.Connect pings, gorm.Open
	// pings, a constructor that pings): a pool that database/sql or pgxpool
	// v5 opens lazily costs nothing until it is used.
	connects bool
	// single is set when it opens one connection, not a pool (pgx.Connect).
	single bool
	// args are the expressions that choose the database: the arguments
	// (and the receiver of a constructor method), contexts left out.
	args []ast.Expr
}

// openingOf reports whether the handle is a pool opened by its producer: an
// opener of sqlapi, or a same-package function that returns a pool it
// opened.
func (a *pools) openingOf(h *lifecycle.Handle) (opening, bool) {
	call, ok := a.res.Resolve(h.Call)
	if !ok {
		return opening{}, false
	}
	if o, ok := sqlapi.OpenerOf(call); ok {
		op := opening{h: h, name: qualifiedName(call.Func), args: a.dbArgs(call), connects: o.Connects, single: o.Single}
		if res := call.Func.Signature().Results(); res.Len() > 0 {
			op.pool = res.At(0).Type()
		}
		return op, true
	}
	if d := a.derivedOf(call.Func); d != nil {
		return opening{h: h, name: call.Func.Name(), root: d.root, rootName: d.rootName, pool: d.pool, args: a.dbArgs(call), connects: d.connects, single: d.single}, true
	}
	return opening{}, false
}

func (a *pools) dbArgs(call sqlapi.Call) []ast.Expr {
	var args []ast.Expr
	if call.Recv != nil && call.Func.Pkg() == a.pass.Pkg {
		args = append(args, call.Recv)
	}
	for _, arg := range call.Args {
		if !sqlapi.IsContext(a.info.TypeOf(arg)) {
			args = append(args, arg)
		}
	}
	return args
}

func qualifiedName(fn *types.Func) string {
	if fn.Pkg() == nil {
		return fn.Name()
	}
	return fn.Pkg().Name() + "." + fn.Name()
}

// derived describes a same-package function that returns a pool it opened.
type derived struct {
	root     token.Pos
	rootName string
	pool     types.Type
	connects bool // the opener connects, or the constructor uses the pool (a Ping)
	single   bool // the opener opens one connection
}

// derivedOf reports whether fn, a function of this package, returns a pool
// that it opens itself (directly or through another such function) and does
// not also keep (a cache, a lazily set field) or close.
func (a *pools) derivedOf(fn *types.Func) *derived {
	if d, ok := a.derived[fn]; ok {
		return d
	}
	f := a.fl.Decl(fn)
	if f == nil || a.busy[fn] {
		return nil
	}
	a.busy[fn] = true
	defer delete(a.busy, fn)
	var d *derived
	// The lifecycle made the calls of fn producers: fn returns a handle it
	// produced and neither keeps nor closes whatever the path. Which opener?
	for _, h := range a.byFunc[f] {
		if h.Escape != lifecycle.Returned || (h.Kind != sqlapi.DB && h.Kind != sqlapi.Conn) {
			continue
		}
		op, ok := a.openingOf(h)
		if !ok {
			continue
		}
		d = &derived{root: h.Call.Pos(), rootName: op.name, pool: resultType(fn, h), connects: op.connects || used(h), single: op.single}
		if op.root.IsValid() {
			d.root, d.rootName = op.root, op.rootName
		}
		break
	}
	a.derived[fn] = d
	return d
}

// resultType returns the type of fn's result that holds the pool: the first
// one of a pool type.
func resultType(fn *types.Func, h *lifecycle.Handle) types.Type {
	res := fn.Signature().Results()
	for i := range res.Len() {
		if c := sqlapi.ClassOf(res.At(i).Type()); c != nil && c.Kind == h.Kind {
			return res.At(i).Type()
		}
	}
	return nil
}

// released reports whether the handle is released on some path: it has a
// release among its uses.
func released(h *lifecycle.Handle) bool {
	_, ok := firstRelease(h)
	return ok
}

// firstRelease returns the first release among the handle's uses.
func firstRelease(h *lifecycle.Handle) (lifecycle.Use, bool) {
	for _, u := range h.Uses {
		if u.Release {
			return u, true
		}
	}
	return lifecycle.Use{}, false
}

// used reports whether the pool is used in a way that may connect: anything
// but its idle methods (Close, the Set* methods, Stats), comparisons and
// assignments.
func used(h *lifecycle.Handle) bool {
	for _, u := range h.Uses {
		if u.Acquire {
			return true
		}
	}
	return false
}

// ownPool reports whether the handle is a pool its function opens and closes
// itself: bound to a variable, released on every path but those returning an
// error, neither kept nor returned, and used (or opened by an opener that
// connects).
func ownPool(h *lifecycle.Handle, op opening) bool {
	return h.Fate == lifecycle.Tracked && (len(h.Leaks) == 0 || lifecycle.OnlyOnErrors(h.Leaks)) && released(h) &&
		h.Escape <= lifecycle.Shared && (used(h) || op.connects)
}

// perCall describes a function of this package that opens a pool and
// closes it before returning, so that each call has its own pool.
type perCall struct {
	open, close token.Pos
	closer      string   // the function that closes it
	via         []string // the functions between the called one and the opener
	pool        types.Type
	single      bool // one connection, not a pool
	// deps are the parameters (-1: the receiver) of the function that the
	// pool's database depends on: in a loop, a call whose arguments there
	// vary per iteration may well open a different database each time.
	deps map[int]bool
	// reported is set when the opener runs in a request scope, where it is
	// reported itself.
	reported bool
}

// through tells the functions between the caller and the opener: "through
// apply, ".
func (p *perCall) through() string {
	if len(p.via) == 0 {
		return ""
	}
	return "through " + strings.Join(p.via, ", ") + ", "
}

// perCallOf reports whether fn, a function of this package, opens its own
// pool per call: directly, or by calling another such function.
func (a *pools) perCallOf(fn *types.Func) *perCall {
	if p, ok := a.perCall[fn]; ok {
		return p
	}
	f := a.fl.Decl(fn)
	if f == nil || a.busy[fn] || a.forTests(f.Node.Pos()) {
		return nil
	}
	a.busy[fn] = true
	defer delete(a.busy, fn)
	p := a.findPerCall(fn, f)
	a.perCall[fn] = p
	return p
}

func (a *pools) findPerCall(fn *types.Func, f *flow.Func) *perCall {
	decl := f.Node.(*ast.FuncDecl)
	for cur := range f.Cursor.Preorder((*ast.CallExpr)(nil)) {
		if !runsPerCall(cur, decl) {
			continue
		}
		call, ok := a.res.Resolve(cur.Node().(*ast.CallExpr))
		if !ok {
			continue
		}
		if h := a.handleAt(cur); h != nil {
			op, ok := a.openingOf(h)
			if !ok {
				continue
			}
			closed, ok := firstRelease(h)
			if !ok || !ownPool(h, op) {
				continue // kept; or opened only to validate the DSN, which connects to nothing
			}
			_, inScope := a.scopes.Enclosing(cur)
			return &perCall{
				open:     cur.Node().Pos(),
				close:    closed.Node.Pos(),
				closer:   fn.Name(),
				pool:     op.pool,
				single:   op.single,
				deps:     a.depsOf(f, op.args),
				reported: inScope,
			}
		}
		if call.Func == fn {
			continue
		}
		if inner := a.perCallOf(call.Func); inner != nil {
			_, inScope := a.scopes.Enclosing(cur)
			return &perCall{
				open:     inner.open,
				close:    inner.close,
				closer:   inner.closer,
				via:      append([]string{call.Func.Name()}, inner.via...),
				pool:     inner.pool,
				single:   inner.single,
				deps:     a.depsOf(f, argsAt(call, inner.deps)),
				reported: inner.reported || inScope,
			}
		}
	}
	return nil
}

// handleAt returns the handle produced by the call at cur, if it produces one.
func (a *pools) handleAt(cur inspector.Cursor) *lifecycle.Handle {
	f := a.fl.Enclosing(cur)
	for _, h := range a.byFunc[f] {
		if h.Call == cur.Node() {
			return h
		}
	}
	return nil
}

// runsPerCall reports whether the code at cur runs each time decl is
// called: it is in decl's body, or in function literals called right there
// (func(){...}(), go func(){...}(), defer func(){...}()).
func runsPerCall(cur inspector.Cursor, decl *ast.FuncDecl) bool {
	for fc := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		if fc.Node() == decl {
			return true
		}
		if !immediatelyCalled(fc) {
			return false
		}
	}
	return false
}

// argsAt returns the call's arguments at the parameter indices (-1: the
// receiver), the variadic tail included.
func argsAt(call sqlapi.Call, idx map[int]bool) []ast.Expr {
	var args []ast.Expr
	if idx[-1] && call.Recv != nil {
		args = append(args, call.Recv)
	}
	sig := call.Func.Signature()
	for i, arg := range call.Args {
		p := i
		if sig.Variadic() && p >= sig.Params().Len()-1 {
			p = sig.Params().Len() - 1
		}
		if idx[p] {
			args = append(args, arg)
		}
	}
	return args
}

// depsOf returns the parameters (-1: the receiver) of the function f that
// the values of exprs depend on, through the assignments of its body.
func (a *pools) depsOf(f *flow.Func, exprs []ast.Expr) map[int]bool {
	deps := make(map[*types.Var]map[int]bool)
	if v := f.Recv(); v != nil {
		deps[v] = map[int]bool{-1: true}
	}
	for i := range f.Obj.Signature().Params().Len() {
		if v, _ := f.Param(i); v != nil {
			deps[v] = map[int]bool{i: true}
		}
	}
	of := func(e ast.Node) map[int]bool {
		out := make(map[int]bool)
		ast.Inspect(e, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				if v, ok := a.info.Uses[id].(*types.Var); ok {
					for p := range deps[v] {
						out[p] = true
					}
				}
			}
			return true
		})
		return out
	}
	add := func(lhs ast.Expr, from map[int]bool) bool {
		v := a.fl.LocalVar(lhs)
		if v == nil {
			return false
		}
		changed := false
		for p := range from {
			if !deps[v][p] {
				if deps[v] == nil {
					deps[v] = make(map[int]bool)
				}
				deps[v][p] = true
				changed = true
			}
		}
		return changed
	}
	for range 8 {
		changed := false
		ast.Inspect(f.Body, func(n ast.Node) bool {
			for as := range flow.Assigns(n) {
				if rhs := as.Value(); rhs != nil && add(as.Lhs, of(rhs)) {
					changed = true
				}
			}
			switch n := n.(type) {
			case *ast.RangeStmt:
				from := of(n.X)
				for _, e := range []ast.Expr{n.Key, n.Value} {
					if e != nil && add(e, from) {
						changed = true
					}
				}
			case *ast.CallExpr:
				// Scan(&dsn): dsn depends on everything the call sees.
				for _, arg := range n.Args {
					if u, ok := ast.Unparen(arg).(*ast.UnaryExpr); ok && u.Op == token.AND {
						if add(u.X, of(n)) {
							changed = true
						}
					}
				}
			}
			return true
		})
		if !changed {
			break
		}
	}
	out := make(map[int]bool)
	for _, e := range exprs {
		for p := range of(e) {
			out[p] = true
		}
	}
	return out
}
