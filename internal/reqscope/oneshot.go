package reqscope

// This file knows which code of a package runs once per process rather than
// once per request: startup, migrations, CLI commands, and what only they
// reach.

import (
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/dbpoollint/dbpoollint/internal/scope"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// Packages whose registrations run a function once: Go migrations (goose,
// bun's migrate, gormigrate, lopezator/migrator) and CLI commands (cobra,
// urfave/cli). A function given to one of their functions or methods, or
// set as a func-typed field of one of their structs, is a root.
var (
	migrationPkgs = []string{
		"github.com/pressly/goose",
		"github.com/uptrace/bun/migrate",
		"github.com/go-gormigrate/gormigrate",
		"github.com/lopezator/migrator",
	}
	cliPkgs = []string{
		"github.com/spf13/cobra",
		"github.com/urfave/cli",
	}
)

// inPkgs reports whether path is one of pkgs or a major version of one
// (github.com/pressly/goose/v3).
func inPkgs(path string, pkgs []string) bool {
	for _, p := range pkgs {
		if path == p {
			return true
		}
		if rest, ok := strings.CutPrefix(path, p+"/v"); ok && rest != "" && !strings.Contains(rest, "/") {
			return true
		}
	}
	return false
}

// OneShot says which functions of a package run once per process: main (of
// package main) and init; functions registered as migrations with a
// migration library; in a migration package (one that registers migrations
// and whose every other function runs once or is such a function), the
// functions with a Go migration's signature (func(context.Context, *sql.Tx)
// error, func(*sql.Tx) error, the same with *sql.DB) that nothing in the
// package refers to, registered by another package; in a package that is
// nothing but such functions (migrationsOnly), library or not, the same;
// in a package with a schema change whose every function then runs once,
// the functions with a Go migration's signature every reference to which is
// an argument of a call in the package's own init (initRegistered:
// registration at init, whatever the registry);
// CLI commands (cobra's
// Run and RunE and their hooks, urfave/cli's Action, Before, After); and the
// functions that only they reach: every reference to the function is a
// direct call, not in a go statement nor in a loop that serves (a range
// over a channel, a loop that waits in a select, on a channel receive, in
// time.Sleep, a listener's Accept or another package's call given a
// context; a for without condition that does not wait is a batch loop),
// from code that runs once itself (references from test code, flow's
// ForTests, aside). Exported functions of other packages than main, and
// exported methods, are reached from code out of sight. A request
// scope never runs once, nor does a function literal unless it is a root,
// called (or deferred) where it is written, or given to a function of the
// package that only calls it (toHelper).
type OneShot struct {
	fset *token.FileSet
	// tests says whether code exists for tests (flow's ForTests): its
	// references do not keep a function from running once. Nil: _test.go
	// files only.
	tests func(token.Pos) bool
	info  *types.Info
	in    *inspector.Inspector
	req   *Finder
	pkg   *types.Package
	once  sync.Once // build
	lits  map[*ast.FuncLit]bool
	funcs map[*types.Func]bool
	decls map[*types.Func]inspector.Cursor
	// varRoots: variables given to a registration, resolved to the literal
	// assigned to them.
	varRoots []*types.Var
	// calledParams: the func-typed parameters of the package's functions
	// that their function only calls, directly, outside go statements,
	// serving loops and literals (withTxn(ctx, fn) that runs fn(tx)).
	calledParams map[*types.Var]bool
	// serial, serialLits: the functions and literals that run in one
	// goroutine per process and are not in funcs or lits (see Serial).
	// The value is the goroutine (onceGoroutine or the go statement).
	serial     map[*types.Func]ast.Node
	serialLits map[*ast.FuncLit]ast.Node
	// refs: every reference to each function of the package (Lifetime
	// reads them).
	refs map[*types.Func][]inspector.Cursor
}

// NewOneShot returns a OneShot for the package whose syntax in holds. It
// reads the package the first time it is asked.
func NewOneShot(fset *token.FileSet, pkg *types.Package, info *types.Info, in *inspector.Inspector) *OneShot {
	return &OneShot{fset: fset, info: info, in: in, pkg: pkg, req: New(info, in)}
}

type oneShotKey struct{}

// OneShotOf returns the package's OneShot, shared by the suite's analyzers
// (built on the first question, under a sync.Once, then only read, so
// analyzers running side by side may ask it).
func OneShotOf(pass *analysis.Pass) *OneShot {
	pkg := scope.Of(pass)
	return scope.Shared(pkg, oneShotKey{}, func() *OneShot {
		o := NewOneShot(pass.Fset, pass.Pkg, pass.TypesInfo, pkg.Inspector())
		o.tests = pkg.Flow().ForTests
		return o
	})
}

// At reports whether the code at c runs once per process.
func (o *OneShot) At(c inspector.Cursor) bool {
	o.build()
	return o.at(c)
}

// at is At once built: compute may ask it.
func (o *OneShot) at(c inspector.Cursor) bool {
	if !o.loopFree(c) {
		return false
	}
	for fc := range c.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		if lit, ok := fc.Node().(*ast.FuncLit); ok && !o.lits[lit] {
			return o.litOnce(fc)
		}
		return o.runsOnce(fc)
	}
	return false
}

// Serial reports whether the code at c runs in one goroutine only, one
// call at a time: it runs once per process (At), or in the one goroutine
// that code which runs once starts for it. That goroutine's functions are a
// function every reference to which, but for test code, is the one go
// statement starting it (go s.cleaner(), go func() {...}()) written in code
// that runs once, in no loop of its function; then the functions that code
// of a single goroutine calls directly, outside go statements, and nothing
// else does (the loops of that goroutine included: its for { select ... }
// makes one call at a time; so do the loops of code that runs once, which
// is one goroutine too). A request scope is never serial, nor is a
// function that code which runs once and a goroutine it starts both call
// (two callers at once). Unlike At, such code need not run once (a
// cleaner's query runs every round): only pooldeadlock asks.
func (o *OneShot) Serial(c inspector.Cursor) bool {
	o.build()
	_, ok := o.goroutine(c)
	return ok
}

// onceGoroutine stands for the goroutine of the code that runs once.
var onceGoroutine ast.Node = &ast.BadStmt{}

// goroutine returns the goroutine the code at c runs in, when it is serial
// (see Serial): onceGoroutine, or the go statement starting it.
func (o *OneShot) goroutine(c inspector.Cursor) (ast.Node, bool) {
	if o.at(c) {
		return onceGoroutine, true
	}
	for fc := range c.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		switch fn := fc.Node().(type) {
		case *ast.FuncDecl:
			obj, _ := o.info.Defs[fn.Name].(*types.Func)
			if obj != nil && o.funcs[obj] {
				return onceGoroutine, true
			}
			g, ok := o.serial[obj]
			return g, ok
		case *ast.FuncLit:
			if o.lits[fn] {
				return onceGoroutine, true
			}
			if g, ok := o.serialLits[fn]; ok {
				return g, true
			}
			return o.litGoroutine(fc)
		}
	}
	return nil, false
}

// litGoroutine returns the goroutine of the literal at fc, not a request
// scope, called or deferred where it is written, or given to a function of
// the package that only calls it (toHelper), outside go statements, in
// serial code.
func (o *OneShot) litGoroutine(fc inspector.Cursor) (ast.Node, bool) {
	if _, ok := o.req.Of(fc); ok {
		return nil, false
	}
	c := fc
	for c.ParentEdgeKind() == edge.ParenExpr_X {
		c = c.Parent()
	}
	if c.ParentEdgeKind() != edge.CallExpr_Fun && !o.toHelper(c) {
		return nil, false
	}
	call := c.Parent()
	if call.ParentEdgeKind() == edge.GoStmt_Call {
		return nil, false
	}
	return o.goroutine(call)
}

// reachSerial fills serial and serialLits (see Serial): first the
// goroutines started once, then the functions that only the code of one
// serial goroutine calls, to a fixed point. The funcs and lits that run
// once are final by then.
func (o *OneShot) reachSerial(refs map[*types.Func][]inspector.Cursor) {
	o.serial = make(map[*types.Func]ast.Node)
	o.serialLits = make(map[*ast.FuncLit]ast.Node)
	if len(o.funcs) == 0 && len(o.lits) == 0 {
		return // nothing runs once here: nothing starts a goroutine once
	}
	for c := range o.in.Root().Preorder((*ast.GoStmt)(nil)) {
		g := c.Node().(*ast.GoStmt)
		if lit, ok := ast.Unparen(g.Call.Fun).(*ast.FuncLit); ok && !o.lits[lit] && o.startedOnce(c) {
			if fc, ok := c.FindNode(lit); ok {
				if _, req := o.req.Of(fc); !req {
					o.serialLits[lit] = g
				}
			}
		}
	}
	// src: the references outside test code.
	src := make(map[*types.Func][]inspector.Cursor, len(refs))
	for fn, rs := range refs {
		for _, r := range rs {
			if !o.inTestFile(r.Node().Pos()) {
				src[fn] = append(src[fn], r)
			}
		}
	}
	eligible := func(fn *types.Func, decl inspector.Cursor) bool {
		if o.funcs[fn] || len(src[fn]) == 0 || !o.private(fn) {
			return false
		}
		if _, ok := o.serial[fn]; ok {
			return false
		}
		_, req := o.req.Of(decl)
		return !req
	}
	for fn, decl := range o.decls {
		if eligible(fn, decl) && len(src[fn]) == 1 {
			if call, ok := directCall(src[fn][0]); ok && call.ParentEdgeKind() == edge.GoStmt_Call && o.startedOnce(call.Parent()) {
				o.serial[fn] = call.Parent().Node()
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for fn, decl := range o.decls {
			if !eligible(fn, decl) {
				continue
			}
			var one ast.Node // the goroutine of every caller
			for _, r := range src[fn] {
				call, ok := directCall(r)
				if !ok || call.ParentEdgeKind() == edge.GoStmt_Call {
					one = nil
					break
				}
				g, ok := o.goroutine(call)
				if !ok || one != nil && g != one {
					one = nil
					break
				}
				one = g
			}
			if one != nil {
				o.serial[fn] = one
				changed = true
			}
		}
	}
}

// refExpr returns the expression the reference at r names the function
// by: the selector of s.f, and the outermost parentheses around it.
func refExpr(r inspector.Cursor) inspector.Cursor {
	c := r
	if c.ParentEdgeKind() == edge.SelectorExpr_Sel {
		c = c.Parent()
	}
	for c.ParentEdgeKind() == edge.ParenExpr_X {
		c = c.Parent()
	}
	return c
}

// directCall returns the call whose function the reference at r is
// (f(), s.f(), (f)()).
func directCall(r inspector.Cursor) (inspector.Cursor, bool) {
	c := refExpr(r)
	if c.ParentEdgeKind() != edge.CallExpr_Fun {
		return c, false
	}
	return c.Parent(), true
}

// startedOnce reports whether the go statement at g runs once per process:
// in no loop at all (a batch loop starts as many goroutines as it turns),
// in a function that runs once, or in a literal called where it is written
// (not by a go statement) that, the same way, is started once.
func (o *OneShot) startedOnce(g inspector.Cursor) bool {
	for e := range g.Enclosing((*ast.ForStmt)(nil), (*ast.RangeStmt)(nil), (*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		switch fn := e.Node().(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return false
		case *ast.FuncDecl:
			return o.runsOnce(e)
		case *ast.FuncLit:
			if o.lits[fn] {
				return true
			}
			if _, req := o.req.Of(e); req {
				return false
			}
			c := e
			for c.ParentEdgeKind() == edge.ParenExpr_X {
				c = c.Parent()
			}
			if c.ParentEdgeKind() != edge.CallExpr_Fun || c.Parent().ParentEdgeKind() == edge.GoStmt_Call {
				return false
			}
			return o.startedOnce(c.Parent())
		}
	}
	return false
}

// runsOnce reports whether the function at fc, an *ast.FuncDecl or
// *ast.FuncLit, runs once per process.
func (o *OneShot) runsOnce(fc inspector.Cursor) bool {
	switch fn := fc.Node().(type) {
	case *ast.FuncDecl:
		obj, _ := o.info.Defs[fn.Name].(*types.Func)
		return obj != nil && o.funcs[obj]
	case *ast.FuncLit:
		return o.lits[fn]
	}
	return false
}

func (o *OneShot) build() { o.once.Do(o.compute) }

// compute reads the package, once (build); it also has the request scopes
// scanned, so that every later question only reads.
func (o *OneShot) compute() {
	o.req.scan()
	o.lits = make(map[*ast.FuncLit]bool)
	o.funcs = make(map[*types.Func]bool)
	o.decls = make(map[*types.Func]inspector.Cursor)
	registers := false
	refs := make(map[*types.Func][]inspector.Cursor)
	// litVars: the function literals assigned to each local variable, for a
	// registration that names the variable.
	litVars := make(map[*types.Var][]*ast.FuncLit)
	o.varRoots = nil
	// fparams: the func-typed parameters of each declaration, with the
	// references to them (see calledParams).
	fparams := make(map[*types.Var]*ast.FuncDecl)
	paramRefs := make(map[*types.Var][]inspector.Cursor)
	for c := range o.in.Root().Preorder((*ast.FuncDecl)(nil), (*ast.CallExpr)(nil), (*ast.CompositeLit)(nil), (*ast.AssignStmt)(nil), (*ast.Ident)(nil)) {
		switch n := c.Node().(type) {
		case *ast.FuncDecl:
			obj, ok := o.info.Defs[n.Name].(*types.Func)
			if !ok || n.Body == nil {
				continue
			}
			o.decls[obj] = c
			for _, f := range n.Type.Params.List {
				if _, ok := o.info.TypeOf(f.Type).Underlying().(*types.Signature); !ok {
					continue
				}
				for _, name := range f.Names {
					if v, ok := o.info.Defs[name].(*types.Var); ok {
						fparams[v] = n
					}
				}
			}
			if n.Recv == nil && (n.Name.Name == "init" || n.Name.Name == "main" && o.pkg.Name() == "main") {
				o.funcs[obj] = true
			}
		case *ast.CallExpr:
			fn, _ := typeutil.Callee(o.info, n).(*types.Func)
			if o.onceDo(fn, n) {
				continue
			}
			if fn == nil || fn.Pkg() == nil || !inPkgs(fn.Pkg().Path(), migrationPkgs) && !inPkgs(fn.Pkg().Path(), cliPkgs) {
				continue
			}
			if inPkgs(fn.Pkg().Path(), migrationPkgs) {
				registers = true
			}
			for _, a := range n.Args {
				o.root(a)
			}
		case *ast.CompositeLit:
			n2 := sqlapi.NamedOf(o.info.TypeOf(n))
			if n2 == nil || n2.Obj().Pkg() == nil {
				continue
			}
			path := n2.Obj().Pkg().Path()
			if !inPkgs(path, migrationPkgs) && !inPkgs(path, cliPkgs) {
				continue
			}
			registers = registers || inPkgs(path, migrationPkgs)
			for _, el := range n.Elts {
				if kv, ok := el.(*ast.KeyValueExpr); ok {
					o.root(kv.Value)
				}
			}
		case *ast.AssignStmt:
			if len(n.Lhs) != len(n.Rhs) {
				continue
			}
			// up := func(ctx context.Context, db *bun.DB) error {...},
			// registered below as Migrations.Register(up, down).
			for i, lhs := range n.Lhs {
				if lit, ok := ast.Unparen(n.Rhs[i]).(*ast.FuncLit); ok {
					if id, ok := lhs.(*ast.Ident); ok {
						if v, ok := o.info.ObjectOf(id).(*types.Var); ok {
							litVars[v] = append(litVars[v], lit)
						}
					}
				}
			}
			// cmd.RunE = run
			for i, lhs := range n.Lhs {
				sel, ok := ast.Unparen(lhs).(*ast.SelectorExpr)
				if !ok {
					continue
				}
				if s, ok := o.info.Selections[sel]; ok && s.Kind() == types.FieldVal {
					if p := s.Obj().Pkg(); p != nil && (inPkgs(p.Path(), cliPkgs) || inPkgs(p.Path(), migrationPkgs)) {
						o.root(n.Rhs[i])
					}
				}
			}
		case *ast.Ident:
			switch obj := o.info.Uses[n].(type) {
			case *types.Func:
				if obj.Pkg() == o.pkg {
					refs[obj] = append(refs[obj], c)
				}
			case *types.Var:
				if _, ok := fparams[obj]; ok {
					paramRefs[obj] = append(paramRefs[obj], c)
				}
			}
		}
	}
	for _, v := range o.varRoots {
		if lits := litVars[v]; len(lits) == 1 {
			o.lits[lits[0]] = true // assigned once: the literal registered
		}
	}
	o.calledParams = make(map[*types.Var]bool)
	for v, decl := range fparams {
		o.calledParams[v] = len(paramRefs[v]) > 0 && !slices.ContainsFunc(paramRefs[v], func(r inspector.Cursor) bool {
			return !o.calledIn(r, decl)
		})
	}
	o.refs = refs
	o.migrationTables(refs)
	o.reach(refs)
	o.migrationPackage(refs, registers)
	o.reachSerial(refs)
}

// migrationPackage marks the functions of a migration package, its test
// files aside (a test that runs a migration is no caller in production):
// one whose every other function runs once when the functions with a Go
// migration's signature that nothing here refers to (registered by another
// package) are taken for migrations too, and that either registers
// migrations with a library or is nothing but such functions
// (migrationsOnly) that another package registers with its own runner; or
// one with a schema change whose every function runs once when the
// functions its init registers (initRegistered) are taken for migrations. A
// method of an unexported type that only such code uses (a sort.Interface
// the migrations sort with) is no other function.
func (o *OneShot) migrationPackage(refs map[*types.Func][]inspector.Cursor, registers bool) {
	src := make(map[*types.Func][]inspector.Cursor, len(refs))
	for fn, rs := range refs {
		for _, r := range rs {
			if !o.inTestFile(r.Node().Pos()) {
				src[fn] = append(src[fn], r)
			}
		}
	}
	before := maps.Clone(o.funcs)
	if registers {
		for fn := range o.decls {
			if len(src[fn]) == 0 && migrationSignature(fn.Signature()) && !o.inTestFile(fn.Pos()) {
				o.funcs[fn] = true
			}
		}
		o.reach(src)
		if o.allOnce(false) {
			return
		}
		o.funcs = maps.Clone(before) // other code lives here: it may serve
	}
	if regs := o.initRegistered(src); len(regs) > 0 && o.changesSchema() {
		for _, fn := range regs {
			o.funcs[fn] = true
		}
		o.reach(src)
		if o.allOnce(true) {
			return
		}
		o.funcs = maps.Clone(before)
	}
	migs := o.migrationsOnly(src)
	if len(migs) == 0 {
		return
	}
	for _, fn := range migs {
		o.funcs[fn] = true
	}
	o.reach(src)
	if !o.allOnce(true) {
		o.funcs = before
	}
}

// initRegistered returns the functions of the package with a Go
// migration's signature every reference to which is an argument of a call
// made in the package's own init (func init() {
// sqlite.RegisterPostMigration(32, post32) }): migrations registered at
// init, whatever the registry. Package main registers nothing for others.
func (o *OneShot) initRegistered(refs map[*types.Func][]inspector.Cursor) []*types.Func {
	if o.pkg.Name() == "main" {
		return nil
	}
	var regs []*types.Func
	for fn := range o.decls {
		if fn.Signature().Recv() != nil || o.inTestFile(fn.Pos()) || !migrationSignature(fn.Signature()) || len(refs[fn]) == 0 {
			continue
		}
		if !slices.ContainsFunc(refs[fn], func(r inspector.Cursor) bool { return !o.argInInit(r) }) {
			regs = append(regs, fn)
		}
	}
	return regs
}

// argInInit reports whether the reference at r is an argument of a call
// written in the body of a func init of the package (not in a literal).
func (o *OneShot) argInInit(r inspector.Cursor) bool {
	c := refExpr(r)
	if c.ParentEdgeKind() != edge.CallExpr_Args {
		return false
	}
	for fc := range c.Parent().Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		fd, ok := fc.Node().(*ast.FuncDecl)
		return ok && fd.Recv == nil && fd.Name.Name == "init"
	}
	return false
}

// allOnce reports whether every function of the package outside its test
// files runs once; with helperTypes, a method of a type that only code that
// runs once (and the type's own methods) uses counts as running once.
func (o *OneShot) allOnce(helperTypes bool) bool {
	var uses map[*types.TypeName][]inspector.Cursor
	if helperTypes {
		uses = make(map[*types.TypeName][]inspector.Cursor)
		for c := range o.in.Root().Preorder((*ast.Ident)(nil)) {
			if tn, ok := o.info.Uses[c.Node().(*ast.Ident)].(*types.TypeName); ok && tn.Pkg() == o.pkg && !o.inTestFile(c.Node().Pos()) {
				uses[tn] = append(uses[tn], c)
			}
		}
	}
	// helper reports whether tn is a type that only code that runs once and
	// tn's methods use.
	helper := func(tn *types.TypeName) bool {
		for _, u := range uses[tn] {
			var fn *types.Func
			for fd := range u.Enclosing((*ast.FuncDecl)(nil)) {
				fn, _ = o.info.Defs[fd.Node().(*ast.FuncDecl).Name].(*types.Func)
				break
			}
			// Outside functions (a variable, another type), or in a
			// function that may serve: more than a helper.
			if fn == nil || !o.funcs[fn] && recvTypeName(fn) != tn {
				return false
			}
		}
		return true
	}
	for fn := range o.decls {
		if o.funcs[fn] || o.inTestFile(fn.Pos()) {
			continue
		}
		if tn := recvTypeName(fn); helperTypes && tn != nil && !tn.Exported() && helper(tn) {
			continue
		}
		return false
	}
	return true
}

// recvTypeName returns the named type whose method fn is, or nil.
func recvTypeName(fn *types.Func) *types.TypeName {
	recv := fn.Signature().Recv()
	if recv == nil {
		return nil
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Obj()
	}
	return nil
}

// migrationsOnly returns the migrations of a package that is nothing but Go
// migrations, test files aside: every exported function has a Go
// migration's signature and nothing in the package refers to it (another
// package registers it with a runner, dendrite's sqlutil.Migration{Up:
// deltas.UpX}), there is at least one, a string of the package changes a
// schema (CREATE TABLE, ALTER TABLE...), and nothing else is exported that
// code out of sight could run: no exported type with methods, no exported
// variable holding a function or a value with methods. Unexported types
// with methods (a sort.Interface the migrations sort with) are fine. It
// returns nil for any other package.
func (o *OneShot) migrationsOnly(refs map[*types.Func][]inspector.Cursor) []*types.Func {
	if o.pkg.Name() == "main" {
		return nil // nothing outside registers a command's functions
	}
	var migs []*types.Func
	for fn := range o.decls {
		if !fn.Exported() || o.inTestFile(fn.Pos()) {
			continue
		}
		if fn.Signature().Recv() != nil {
			continue // an exported type's methods are ruled out below
		}
		if !migrationSignature(fn.Signature()) || len(refs[fn]) > 0 {
			return nil
		}
		migs = append(migs, fn)
	}
	if len(migs) == 0 || !o.changesSchema() {
		return nil
	}
	sc := o.pkg.Scope()
	for _, name := range sc.Names() {
		obj := sc.Lookup(name)
		if !obj.Exported() || o.inTestFile(obj.Pos()) {
			continue
		}
		switch obj := obj.(type) {
		case *types.TypeName:
			if hasMethods(obj.Type()) {
				return nil
			}
		case *types.Var:
			if _, ok := obj.Type().Underlying().(*types.Signature); ok || hasMethods(obj.Type()) {
				return nil
			}
		case *types.Func:
			if obj.Signature().Recv() == nil && !slices.Contains(migs, obj) {
				return nil // declared without a body: not a migration in sight
			}
		}
	}
	return migs
}

// schemaChange matches the statements that change a schema: what a
// package of migrations has somewhere, and a package of ordinary functions
// with a migration's signature (Record(ctx, tx) error) has not.
var schemaChange = regexp.MustCompile(`(?i)\b(?:(?:create|alter|drop)\s+(?:unique\s+)?(?:table|index|view|sequence|type|schema|trigger|column)|add\s+column|rename\s+(?:column|to))\b`)

// changesSchema reports whether a string literal of the package's non-test
// files is a schema change.
func (o *OneShot) changesSchema() bool {
	for c := range o.in.Root().Preorder((*ast.BasicLit)(nil)) {
		lit := c.Node().(*ast.BasicLit)
		if lit.Kind == token.STRING && !o.inTestFile(lit.Pos()) && schemaChange.MatchString(lit.Value) {
			return true
		}
	}
	return false
}

// hasMethods reports whether a value of type t, or a pointer to one, has
// methods (an interface has its own).
func hasMethods(t types.Type) bool {
	if types.IsInterface(t) {
		return t.Underlying().(*types.Interface).NumMethods() > 0
	}
	if types.NewMethodSet(t).Len() > 0 {
		return true
	}
	if _, ok := t.(*types.Pointer); ok {
		return false
	}
	return types.NewMethodSet(types.NewPointer(t)).Len() > 0
}

// inTestFile reports whether pos is in a _test.go file, or in other code
// that exists for tests (a test-support file, a function taking a
// *testing.T, a test harness) when the package's flow layer says so.
func (o *OneShot) inTestFile(pos token.Pos) bool {
	if o.fset == nil {
		return false
	}
	if o.tests != nil && o.tests(pos) {
		return true
	}
	tf := o.fset.File(pos)
	return tf != nil && strings.HasSuffix(tf.Name(), "_test.go")
}

// reach adds the functions only reached from code that runs once, to a
// fixed point.
func (o *OneShot) reach(refs map[*types.Func][]inspector.Cursor) {
	for changed := true; changed; {
		changed = false
		for fn, decl := range o.decls {
			if o.funcs[fn] || len(refs[fn]) == 0 || !o.private(fn) {
				continue
			}
			if _, ok := o.req.Of(decl); ok {
				continue
			}
			// Code that exists for tests is no caller in production (a
			// test setup that runs the startup migrations).
			all, seen := true, false
			for _, r := range refs[fn] {
				if o.inTestFile(r.Node().Pos()) {
					continue
				}
				seen = true
				if !o.calledOnce(r) {
					all = false
					break
				}
			}
			if all && seen {
				o.funcs[fn] = true
				changed = true
			}
		}
	}
}

// migrationTables notes the steps of a package's own migration table: a
// function with a Go migration's signature (func(*sql.Tx) error,
// func(context.Context, *sql.DB) error, ...) written as a literal in a
// package-level variable's initializer, or a function of the package every
// reference to which is in one (var migrations = []func(*sql.Tx)
// error{m01, m02}; var steps = []migration{newMigration("1", func(db
// *sql.DB) error {...})}). A runner applies each step once, at startup.
func (o *OneShot) migrationTables(refs map[*types.Func][]inspector.Cursor) {
	inTable := func(c inspector.Cursor) bool {
		for e := range c.Enclosing((*ast.FuncDecl)(nil), (*ast.ValueSpec)(nil)) {
			if _, ok := e.Node().(*ast.ValueSpec); !ok {
				return false
			}
			// A ValueSpec of a var declaration at file level.
			return e.Parent().ParentEdgeKind() == edge.File_Decls
		}
		return false
	}
	for c := range o.in.Root().Preorder((*ast.FuncLit)(nil)) {
		lit := c.Node().(*ast.FuncLit)
		if sig, ok := o.info.TypeOf(lit).(*types.Signature); ok && migrationSignature(sig) && inTable(c) {
			o.lits[lit] = true
		}
	}
	for fn, rs := range refs {
		if o.funcs[fn] || !migrationSignature(fn.Signature()) || len(rs) == 0 {
			continue
		}
		all := true
		for _, r := range rs {
			if !inTable(r) {
				all = false
				break
			}
		}
		if all {
			o.funcs[fn] = true
		}
	}
}

// onceDo notes the literal given to (*sync.Once).Do of a package-level
// sync.Once (var once sync.Once; once.Do(func() {...})): it runs once per
// process. A Once in a struct runs once per value, which may be per
// request.
func (o *OneShot) onceDo(fn *types.Func, call *ast.CallExpr) bool {
	if fn == nil || fn.Name() != "Do" || fn.Pkg() == nil || fn.Pkg().Path() != "sync" || len(call.Args) != 1 {
		return false
	}
	recv := fn.Signature().Recv()
	if recv == nil || !sqlapi.IsNamed(recv.Type(), "sync", "Once") {
		return false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := o.info.Uses[id].(*types.Var)
	if !ok || v.Parent() != o.pkg.Scope() {
		return false // not a package-level Once
	}
	if lit, ok := ast.Unparen(call.Args[0]).(*ast.FuncLit); ok {
		o.lits[lit] = true
	}
	return true
}

// root notes a function given to a registration: a literal, a function of
// this package, or a local variable assigned one literal (up := func...;
// Migrations.Register(up, down)).
func (o *OneShot) root(e ast.Expr) {
	switch x := ast.Unparen(e).(type) {
	case *ast.FuncLit:
		o.lits[x] = true
	case *ast.Ident, *ast.SelectorExpr:
		var id *ast.Ident
		if sel, ok := x.(*ast.SelectorExpr); ok {
			id = sel.Sel
		} else {
			id = x.(*ast.Ident)
		}
		switch obj := o.info.Uses[id].(type) {
		case *types.Func:
			if obj.Pkg() == o.pkg {
				o.funcs[obj] = true
			}
		case *types.Var:
			o.varRoots = append(o.varRoots, obj) // a local holding a literal: resolved once all assignments are seen
		}
	}
}

// private reports whether every reference to fn can be in sight: an
// unexported function or method, or any function of package main that is
// not a method (methods may satisfy interfaces).
func (o *OneShot) private(fn *types.Func) bool {
	if !fn.Exported() {
		return true
	}
	return o.pkg.Name() == "main" && fn.Signature().Recv() == nil
}

// calledOnce reports whether the reference at r is a direct call, outside
// go statements and serving loops, from code that runs once.
func (o *OneShot) calledOnce(r inspector.Cursor) bool {
	c := r
	if c.ParentEdgeKind() == edge.SelectorExpr_Sel {
		c = c.Parent()
	}
	for c.ParentEdgeKind() == edge.ParenExpr_X {
		c = c.Parent()
	}
	if c.ParentEdgeKind() != edge.CallExpr_Fun {
		return false // a function value: called by whom, how often?
	}
	call := c.Parent()
	if call.ParentEdgeKind() == edge.GoStmt_Call {
		return false
	}
	if !o.loopFree(call) {
		return false
	}
	for fc := range call.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		if lit, ok := fc.Node().(*ast.FuncLit); ok && !o.lits[lit] {
			return o.litOnce(fc)
		}
		return o.runsOnce(fc)
	}
	return false
}

// litOnce reports whether the literal at fc runs once where it is written:
// called or deferred there, or given to a function of the package that only
// calls it (toHelper), in code that runs once, and not a request scope.
func (o *OneShot) litOnce(fc inspector.Cursor) bool {
	if _, ok := o.req.Of(fc); ok {
		return false
	}
	c := fc
	for c.ParentEdgeKind() == edge.ParenExpr_X {
		c = c.Parent()
	}
	if c.ParentEdgeKind() != edge.CallExpr_Fun && !o.toHelper(c) {
		return false
	}
	call := c.Parent()
	if call.ParentEdgeKind() == edge.GoStmt_Call || !o.loopFree(call) {
		return false
	}
	for outer := range call.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		if lit, ok := outer.Node().(*ast.FuncLit); ok && !o.lits[lit] {
			return o.litOnce(outer)
		}
		return o.runsOnce(outer)
	}
	return false
}

// toHelper reports whether the expression at c is an argument of a call of
// a function of the package that only calls the parameter it is given as
// (calledParams: m.withTxn(ctx, func(tx *sqlx.Tx) error {...}) where
// withTxn runs fn(tx)): the literal runs during the call, as often as the
// helper calls it, and is not kept.
func (o *OneShot) toHelper(c inspector.Cursor) bool {
	kind, i := c.ParentEdge()
	if kind != edge.CallExpr_Args {
		return false
	}
	call := c.Parent().Node().(*ast.CallExpr)
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if s, ok := o.info.Selections[sel]; ok && s.Kind() == types.MethodExpr {
			return false // the receiver comes first
		}
	}
	fn, _ := typeutil.Callee(o.info, call).(*types.Func)
	if fn == nil || fn.Pkg() != o.pkg {
		return false
	}
	sig := fn.Origin().Signature()
	if call.Ellipsis.IsValid() || i >= sig.Params().Len() || sig.Variadic() && i >= sig.Params().Len()-1 {
		return false
	}
	return o.calledParams[sig.Params().At(i)]
}

// calledIn reports whether the reference at r, in decl, is a direct call
// made by decl itself (not in a literal), outside go statements and loops
// that serve.
func (o *OneShot) calledIn(r inspector.Cursor, decl *ast.FuncDecl) bool {
	c := r
	for c.ParentEdgeKind() == edge.ParenExpr_X {
		c = c.Parent()
	}
	if c.ParentEdgeKind() != edge.CallExpr_Fun {
		return false // stored, passed on, returned: called by whom, when?
	}
	call := c.Parent()
	if call.ParentEdgeKind() == edge.GoStmt_Call || !o.loopFree(call) {
		return false
	}
	for fc := range call.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		return fc.Node() == decl
	}
	return false
}

// loopFree reports whether the code at c is outside every loop that serves,
// within its function.
func (o *OneShot) loopFree(c inspector.Cursor) bool {
	for l := range c.Enclosing((*ast.ForStmt)(nil), (*ast.RangeStmt)(nil), (*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		switch loop := l.Node().(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			return true
		case *ast.ForStmt:
			// A for without condition serves only if it waits: a batch
			// loop over a cursor that breaks on sql.ErrNoRows runs once.
			if o.waits(loop.Body) {
				return false
			}
		case *ast.RangeStmt:
			if o.rangesOverChan(loop) || o.waits(loop.Body) {
				return false
			}
		}
	}
	return true
}

// rangesOverChan reports whether the loop takes its work from a channel
// (for job := range queue, for range ticker.C).
func (o *OneShot) rangesOverChan(loop *ast.RangeStmt) bool {
	if t := o.info.TypeOf(loop.X); t != nil {
		_, ok := t.Underlying().(*types.Chan)
		return ok
	}
	return false
}

// waits reports whether the loop body waits for work, outside function
// literals: a select, a receive from a channel, time.Sleep, a net
// listener's Accept, or a call given a context of a function of another
// package that is not a database library's (a queue's ReadMessage(ctx), a
// subscription's Receive(ctx, ...)). A loop that waits serves, however it
// ends.
func (o *OneShot) waits(b *ast.BlockStmt) bool {
	found := false
	ast.Inspect(b, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectStmt:
			found = true
		case *ast.UnaryExpr:
			found = found || n.Op == token.ARROW
		case *ast.CallExpr:
			if fn, ok := typeutil.Callee(o.info, n).(*types.Func); ok && fn.Pkg() != nil && o.blocks(fn, n) {
				found = true
			}
		case *ast.FuncLit:
			return false
		}
		return !found
	})
	return found
}

// blocks reports whether a call of fn may wait for work: time.Sleep, an
// Accept of package net, or a function of another package, not a database
// library's, given a context.
func (o *OneShot) blocks(fn *types.Func, call *ast.CallExpr) bool {
	path := fn.Pkg().Path()
	if path == "time" && fn.Name() == "Sleep" || path == "net" && strings.HasPrefix(fn.Name(), "Accept") {
		return true
	}
	if fn.Pkg() == o.pkg || sqlapi.IsLibrary(fn) {
		return false
	}
	for _, a := range call.Args {
		if sqlapi.IsContext(o.info.TypeOf(a)) {
			return true
		}
	}
	return false
}

// migrationSignature reports whether sig is a Go migration's:
// func(context.Context, *sql.Tx) error, func(*sql.Tx) error, or the same
// with *sql.DB, sqlx's *sqlx.Tx or *sqlx.DB, or a pointer to a struct
// embedding one of them.
func migrationSignature(sig *types.Signature) bool {
	if sig.Recv() != nil || sig.Results().Len() != 1 || !isError(sig.Results().At(0).Type()) {
		return false
	}
	p := sig.Params()
	i := 0
	if p.Len() == 2 && isNamed(p.At(0).Type(), "context", "Context") {
		i = 1
	}
	if p.Len() != i+1 {
		return false
	}
	return migrationHandle(p.At(i).Type(), true)
}

// migrationHandle reports whether t is what a Go migration is given: a
// *sql.Tx or *sql.DB, sqlx's *sqlx.Tx or *sqlx.DB, or (with wrappers) a
// pointer to a struct embedding one of them (a Tx wrapper).
func migrationHandle(t types.Type, wrappers bool) bool {
	for _, path := range [...]string{sqlapi.SQL, sqlapi.Sqlx} {
		if sqlapi.IsPointerTo(t, path, "Tx") || sqlapi.IsPointerTo(t, path, "DB") {
			return true
		}
	}
	if !wrappers {
		return false
	}
	p, ok := types.Unalias(t).(*types.Pointer)
	if !ok {
		return false
	}
	st, ok := p.Elem().Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for f := range st.Fields() {
		if f.Embedded() && migrationHandle(f.Type(), false) {
			return true
		}
	}
	return false
}
