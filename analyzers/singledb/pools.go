package singledb

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/dbpoollint/dbpoollint/internal/reqscope"
	"github.com/dbpoollint/dbpoollint/internal/scope"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// pools answers, for one package, where pools are opened and how long they live.
type pools struct {
	pass   *analysis.Pass
	info   *types.Info
	in     *inspector.Inspector
	res    *sqlapi.Resolver
	scopes *reqscope.Finder

	decls map[*types.Func]inspector.Cursor // the package's functions with bodies

	derived  map[*types.Func]*derived // memo; nil: not a constructor of pools
	perCall  map[*types.Func]*perCall // memo; nil: not a per-call pool
	busy     map[*types.Func]bool     // recursion guard
	variants map[ast.Node]map[*types.Var]bool
}

func newPools(pass *analysis.Pass, in *inspector.Inspector) *pools {
	a := &pools{
		pass:     pass,
		info:     pass.TypesInfo,
		in:       in,
		res:      scope.Of(pass).Resolver(),
		scopes:   reqscope.New(pass.TypesInfo, in),
		decls:    make(map[*types.Func]inspector.Cursor),
		derived:  make(map[*types.Func]*derived),
		perCall:  make(map[*types.Func]*perCall),
		busy:     make(map[*types.Func]bool),
		variants: make(map[ast.Node]map[*types.Var]bool),
	}
	for c := range in.Root().Preorder((*ast.FuncDecl)(nil)) {
		fd := c.Node().(*ast.FuncDecl)
		if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok && fd.Body != nil {
			a.decls[fn] = c
		}
	}
	return a
}

// opening is a call that opens a pool.
type opening struct {
	name string // "sql.Open", or the same-package constructor's name
	// root and rootName: for a constructor, the opener it calls.
	root     token.Pos
	rootName string
	pool     types.Type
	// connects is set when the opening connects (sqlx.Connect pings, gorm.Open
	// pings, a constructor that pings): a pool that database/sql or pgxpool
	// v5 opens lazily costs nothing until it is used.
	connects bool
	// args are the expressions that choose the database: the arguments
	// (and the receiver of a constructor method), contexts left out.
	args []ast.Expr
}

// openingOf reports whether the call opens a pool: an opener of sqlapi, or
// a same-package function that returns a pool it opened.
func (a *pools) openingOf(call sqlapi.Call) (opening, bool) {
	if _, ok := sqlapi.OpenerOf(call); ok {
		op := opening{name: qualifiedName(call.Func), args: a.dbArgs(call), connects: connects(call.Func)}
		if res := call.Func.Signature().Results(); res.Len() > 0 {
			op.pool = res.At(0).Type()
		}
		return op, true
	}
	if d := a.derivedOf(call.Func); d != nil {
		return opening{name: call.Func.Name(), root: d.root, rootName: d.rootName, pool: d.pool, args: a.dbArgs(call), connects: d.connects}, true
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

// connects reports whether an opener connects before it returns.
func connects(fn *types.Func) bool {
	switch fn.Pkg().Path() {
	case sqlapi.Sqlx:
		return strings.Contains(fn.Name(), "Connect")
	case sqlapi.Gorm, sqlapi.GormV1, sqlapi.PgxPoolV4:
		return true
	}
	return false
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
}

// derivedOf reports whether fn, a function of this package, returns a pool
// that it opens itself (directly or through another such function) and does
// not also keep (a cache, a lazily set field).
func (a *pools) derivedOf(fn *types.Func) *derived {
	if d, ok := a.derived[fn]; ok {
		return d
	}
	declCur, ok := a.decls[fn]
	if !ok || a.busy[fn] {
		return nil
	}
	a.busy[fn] = true
	defer delete(a.busy, fn)
	d := a.findDerived(fn, declCur)
	a.derived[fn] = d
	return d
}

func (a *pools) findDerived(fn *types.Func, declCur inspector.Cursor) *derived {
	results := fn.Signature().Results()
	k := -1
	for i := range results.Len() {
		if isPoolType(results.At(i).Type()) {
			k = i
			break
		}
	}
	if k < 0 {
		return nil
	}
	decl := declCur.Node().(*ast.FuncDecl)
	// return sql.Open(driver, dsn), return openDB(dsn)
	for rc := range declCur.Preorder((*ast.ReturnStmt)(nil)) {
		ret := rc.Node().(*ast.ReturnStmt)
		if !sameFunc(rc, decl) {
			continue
		}
		var e ast.Expr
		switch {
		case len(ret.Results) == results.Len():
			e = ret.Results[k]
		case len(ret.Results) == 1 && k == 0:
			e = ret.Results[0]
		default:
			continue
		}
		if ce, ok := ast.Unparen(e).(*ast.CallExpr); ok {
			if d := a.rootOf(ce); d != nil {
				d.pool = results.At(k).Type()
				return d
			}
		}
	}
	// db, err := sql.Open(...); ...; return db, nil (or &Store{DB: db}),
	// when fn does not also keep it (a cache of pools, a lazily set field)
	// or close it.
	for ac := range declCur.Preorder((*ast.CallExpr)(nil)) {
		if !sameFunc(ac, decl) {
			continue
		}
		d := a.rootOf(ac.Node().(*ast.CallExpr))
		if d == nil {
			continue
		}
		dest := a.destination(ac, declCur)
		if dest.v == nil || !bodyLocal(dest.v, declCur) {
			continue
		}
		f := a.fate(ac, declCur, decl.Body, dest.v)
		if f.escape != escReturned || f.closed.IsValid() {
			continue
		}
		d.pool = results.At(k).Type()
		d.connects = d.connects || f.used
		return d
	}
	return nil
}

// rootOf reports whether call opens a pool, and which opener does it.
func (a *pools) rootOf(ce *ast.CallExpr) *derived {
	call, ok := a.res.Resolve(ce)
	if !ok {
		return nil
	}
	if _, ok := sqlapi.OpenerOf(call); ok {
		return &derived{root: ce.Pos(), rootName: qualifiedName(call.Func), connects: connects(call.Func)}
	}
	if d := a.derivedOf(call.Func); d != nil {
		return &derived{root: d.root, rootName: d.rootName, connects: d.connects}
	}
	return nil
}

// perCall describes a function of this package that opens a pool and
// closes it before returning, so that each call has its own pool.
type perCall struct {
	open, close token.Pos
	closer      string   // the function that closes it
	via         []string // the functions between the called one and the opener
	pool        types.Type
	// deps are the parameters (-1: the receiver) of the function that the
	// pool's database depends on: in a loop, a call whose arguments there
	// vary per iteration may well open a different database each time.
	deps map[int]bool
	// reported is set when the opener runs in a request scope, where it is
	// reported itself.
	reported bool
}

// through tells the functions between the caller and the opener: "through
// apply: ".
func (p *perCall) through() string {
	if len(p.via) == 0 {
		return ""
	}
	return "through " + strings.Join(p.via, ", ") + ": "
}

// perCallOf reports whether fn, a function of this package, opens its own
// pool per call: directly, or by calling another such function.
func (a *pools) perCallOf(fn *types.Func) *perCall {
	if p, ok := a.perCall[fn]; ok {
		return p
	}
	declCur, ok := a.decls[fn]
	if !ok || a.busy[fn] {
		return nil
	}
	a.busy[fn] = true
	defer delete(a.busy, fn)
	p := a.findPerCall(fn, declCur)
	a.perCall[fn] = p
	return p
}

func (a *pools) findPerCall(fn *types.Func, declCur inspector.Cursor) *perCall {
	decl := declCur.Node().(*ast.FuncDecl)
	if a.inTestFile(decl.Pos()) {
		return nil
	}
	for cur := range declCur.Preorder((*ast.CallExpr)(nil)) {
		if !runsPerCall(cur, decl) {
			continue
		}
		call, ok := a.res.Resolve(cur.Node().(*ast.CallExpr))
		if !ok {
			continue
		}
		if op, ok := a.openingOf(call); ok {
			fnCur := enclosingFunc(cur)
			dest := a.destination(cur, fnCur)
			if dest.v == nil {
				continue
			}
			f := a.fate(cur, fnCur, funcBody(fnCur.Node()), dest.v)
			if !f.closed.IsValid() || f.escape > escHanded || !(op.connects || f.used) {
				continue // kept; or opened only to validate the DSN, which connects to nothing
			}
			_, inScope := a.scopes.Enclosing(cur)
			return &perCall{
				open:     cur.Node().Pos(),
				close:    f.closed,
				closer:   fn.Name(),
				pool:     op.pool,
				deps:     a.depsOf(declCur, op.args),
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
				deps:     a.depsOf(declCur, argsAt(call, inner.deps)),
				reported: inner.reported || inScope,
			}
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

// depsOf returns the parameters (-1: the receiver) of the function at
// declCur that the values of exprs depend on, through the assignments of its
// body.
func (a *pools) depsOf(declCur inspector.Cursor, exprs []ast.Expr) map[int]bool {
	decl := declCur.Node().(*ast.FuncDecl)
	deps := make(map[*types.Var]map[int]bool)
	param := func(id *ast.Ident, i int) {
		if v, ok := a.info.Defs[id].(*types.Var); ok {
			deps[v] = map[int]bool{i: true}
		}
	}
	if decl.Recv != nil {
		for _, f := range decl.Recv.List {
			for _, id := range f.Names {
				param(id, -1)
			}
		}
	}
	i := 0
	for _, f := range decl.Type.Params.List {
		if len(f.Names) == 0 {
			i++
		}
		for _, id := range f.Names {
			param(id, i)
			i++
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
		id, ok := ast.Unparen(lhs).(*ast.Ident)
		if !ok {
			return false
		}
		v, ok := a.info.ObjectOf(id).(*types.Var)
		if !ok {
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
		ast.Inspect(decl.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				for i, lhs := range n.Lhs {
					rhs := ast.Node(nil)
					if len(n.Lhs) == len(n.Rhs) {
						rhs = n.Rhs[i]
					} else if len(n.Rhs) == 1 {
						rhs = n.Rhs[0]
					}
					if rhs != nil && add(lhs, of(rhs)) {
						changed = true
					}
				}
			case *ast.ValueSpec:
				for i, name := range n.Names {
					rhs := ast.Node(nil)
					if len(n.Names) == len(n.Values) {
						rhs = n.Values[i]
					} else if len(n.Values) == 1 {
						rhs = n.Values[0]
					}
					if rhs != nil && add(name, of(rhs)) {
						changed = true
					}
				}
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

// enclosingFunc returns the cursor of the innermost function around cur.
func enclosingFunc(cur inspector.Cursor) inspector.Cursor {
	for c := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		return c
	}
	return inspector.Cursor{}
}

// sameFunc reports whether the innermost function around c is decl.
func sameFunc(c inspector.Cursor, decl *ast.FuncDecl) bool {
	return enclosingFunc(c).Node() == decl
}

func funcBody(n ast.Node) *ast.BlockStmt {
	switch n := n.(type) {
	case *ast.FuncDecl:
		return n.Body
	case *ast.FuncLit:
		return n.Body
	}
	return nil
}

func within(pos token.Pos, n ast.Node) bool {
	return n != nil && n.Pos() <= pos && pos < n.End()
}

// isPoolType reports whether t is a connection pool: *sql.DB or a type
// embedding it (*sqlx.DB), *pgxpool.Pool, *gorm.DB (v2 and v1).
func isPoolType(t types.Type) bool {
	if t == nil {
		return false
	}
	return sqlapi.HandleOf(t) == sqlapi.DB ||
		sqlapi.IsNamed(t, sqlapi.PgxPoolV5, "Pool") || sqlapi.IsNamed(t, sqlapi.PgxPoolV4, "Pool") ||
		sqlapi.IsNamed(t, sqlapi.Gorm, "DB") || sqlapi.IsNamed(t, sqlapi.GormV1, "DB")
}

// mayHold reports whether a value of type t may hold a pool: not a basic
// type, not an error.
func mayHold(t types.Type) bool {
	if _, ok := t.Underlying().(*types.Basic); ok {
		return false
	}
	return !types.Identical(t, types.Universe.Lookup("error").Type())
}

// firstType returns t, or the first element of a tuple.
func firstType(t types.Type) types.Type {
	if tup, ok := t.(*types.Tuple); ok {
		if tup.Len() == 0 {
			return nil
		}
		return tup.At(0).Type()
	}
	return t
}
