// Package ctxsource knows which context is at hand at a point of a Go
// program, and how to write an expression for it there: a variable whose type
// implements context.Context (ctx), a *gin.Context (c.Request.Context()), an
// *http.Request (r.Context()), an echo.Context (c.Request().Context()), or,
// when asked for, a *testing.T, B or F (t.Context()).
//
// Only local variables and parameters count: of the function around the
// point, and of the functions around that one when the point is in a closure.
// A closure that runs after its creator is done does not see the creator's
// contexts: the function literal of a go statement (the request's context is
// cancelled when the handler returns, not when the goroutine does), one
// registered with t.Cleanup (t.Context() is cancelled before cleanups run),
// time.AfterFunc or context.AfterFunc; nor does one whose result is shared
// with other callers (sync.Once, sync.OnceFunc and its kin, singleflight),
// where the first caller's cancellation would fail everyone. The call of a
// go statement, go db.Exec(...), has no context at hand either.
package ctxsource

import (
	"go/ast"
	"go/token"
	"go/types"
	"go/version"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/dbpoollint/dbpoollint/internal/flow"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// Kind says where a context at hand comes from.
type Kind int

const (
	// Var is a variable whose type implements context.Context: ctx.
	Var Kind = iota
	// Gin is a *gin.Context. It implements context.Context, but its Done
	// channel is nil unless the engine sets ContextWithFallback, so the
	// request's context is c.Request.Context().
	Gin
	// Request is an *http.Request: r.Context().
	Request
	// Echo is an echo.Context: c.Request().Context().
	Echo
	// Testing is a *testing.T, *testing.B, *testing.F or testing.TB:
	// t.Context() (Go 1.24 and later).
	Testing
)

// Source is a context at hand.
type Source struct {
	// Var is the variable the context comes from.
	Var  *types.Var
	Kind Kind
	// Expr is the Go expression for the context: ctx, r.Context(), ...
	Expr string
}

// AssignableTo reports whether Expr can be passed where a value of type t
// is expected: the variable's type for Var, context.Context for the others.
func (s Source) AssignableTo(t types.Type) bool {
	if t == nil {
		return false
	}
	if s.Kind == Var {
		return types.AssignableTo(s.Var.Type(), t)
	}
	if sqlapi.IsNamed(t, "context", "Context") {
		return true
	}
	iface, ok := t.Underlying().(*types.Interface)
	return ok && iface.Empty()
}

// FromRequest reports whether the context is a request's: it is cancelled
// when the client goes away.
func (s Source) FromRequest() bool {
	return s.Kind == Gin || s.Kind == Request || s.Kind == Echo
}

// Finder answers "which context is at hand here" for one package.
type Finder struct {
	pkg  *types.Package
	info *types.Info
	// testing: whether *testing.T, B, F and testing.TB count as sources.
	testing bool
	// detached are the variables declared with context.Background() or
	// context.TODO() as their value, or with no value (nil), or compared
	// with nil anywhere (if ctx != nil { ...Context(ctx) } else { ... }: the
	// code treats the context as optional): no cancellation can be relied on
	// from them.
	detached map[*types.Var]bool
	// fl is the package's flow layer: the graphs Live reads.
	fl *flow.Package
	// defs are the assignments of the context variables Live asked about.
	defs map[*types.Var][]flow.Assign
}

// NewFinder returns a Finder for the package of the flow layer fl. When
// testing is set, a *testing.T (B, F, TB) in scope is a source of
// t.Context().
func NewFinder(fl *flow.Package, testing bool) *Finder {
	f := &Finder{pkg: fl.Pkg, info: fl.Info, testing: testing, detached: make(map[*types.Var]bool), fl: fl}
	for cur := range fl.Inspector().Root().Preorder((*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.BinaryExpr)(nil)) {
		if n, ok := cur.Node().(*ast.BinaryExpr); ok {
			if n.Op == token.EQL || n.Op == token.NEQ {
				f.noteNilCheck(n.X, n.Y)
				f.noteNilCheck(n.Y, n.X)
			}
			continue
		}
		for a := range flow.Assigns(cur.Node()) {
			switch {
			case a.Rhs != nil && (a.Tok == token.DEFINE || a.Tok == token.VAR):
				f.noteDetached(a.Lhs, a.Rhs)
			case a.Tok == token.VAR && a.Multi == nil:
				if v, ok := f.info.Defs[a.Lhs.(*ast.Ident)].(*types.Var); ok {
					f.detached[v] = true // var ctx context.Context: nil until assigned
				}
			}
		}
	}
	f.noteDetachedParams()
	return f
}

// noteDetachedParams marks as detached the context parameters of the
// package's unexported functions (any function of package main) that are
// only ever called, never used as values, and whose every call passes
// context.Background(), context.TODO() or a detached variable there: code
// that only a process's own root context reaches (a CLI's loop, a
// benchmark's iterations) has no deadline to pass on.
func (f *Finder) noteDetachedParams() {
	calls := make(map[*types.Func][][]ast.Expr) // the arguments of each call
	for cur := range f.fl.Inspector().Root().Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		if _, ok := ast.Unparen(call.Fun).(*ast.Ident); !ok {
			continue // a selector or an instantiation: see refs below
		}
		fn := typeutil.StaticCallee(f.info, call)
		if fn == nil || fn.Pkg() != f.pkg || fn.Signature().Recv() != nil || fn.Signature().Variadic() {
			continue
		}
		if fn.Exported() && f.pkg.Name() != "main" {
			continue // other packages may call it with a deadline
		}
		if _, seen := calls[fn]; !seen && !hasContextParam(fn.Signature()) {
			continue
		}
		calls[fn] = append(calls[fn], call.Args)
	}
	if len(calls) == 0 {
		return
	}
	refs := make(map[*types.Func]int) // every reference: a call's, or a value's
	for _, obj := range f.info.Uses {
		if fn, ok := obj.(*types.Func); ok && calls[fn] != nil {
			refs[fn]++
		}
	}
	for changed := true; changed; {
		changed = false
		for fn, sites := range calls {
			if refs[fn] != len(sites) {
				continue // used as a value too: its callers cannot all be seen
			}
			params := fn.Signature().Params()
			for i := range params.Len() {
				v := params.At(i)
				if f.detached[v] || !sqlapi.IsContext(v.Type()) {
					continue
				}
				if !slices.ContainsFunc(sites, func(args []ast.Expr) bool { return i >= len(args) || !f.isDetachedExpr(args[i]) }) {
					f.detached[v] = true
					changed = true
				}
			}
		}
	}
}

// hasContextParam reports whether a parameter of sig is a context.Context.
func hasContextParam(sig *types.Signature) bool {
	for v := range sig.Params().Variables() {
		if sqlapi.IsContext(v.Type()) {
			return true
		}
	}
	return false
}

// isDetachedExpr reports whether e is context.Background(), context.TODO()
// or a detached variable.
func (f *Finder) isDetachedExpr(e ast.Expr) bool {
	if IsBackground(f.info, e) {
		return true
	}
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := f.info.Uses[id].(*types.Var)
	return ok && f.detached[v]
}

func (f *Finder) noteDetached(lhs, rhs ast.Expr) {
	id, ok := lhs.(*ast.Ident)
	if !ok || !IsBackground(f.info, rhs) {
		return
	}
	if v, ok := f.info.Defs[id].(*types.Var); ok {
		f.detached[v] = true
	}
}

// noteNilCheck marks the variable x as possibly nil when it is compared with
// nil.
func (f *Finder) noteNilCheck(x, other ast.Expr) {
	id, ok := ast.Unparen(x).(*ast.Ident)
	if !ok || !f.info.Types[ast.Unparen(other)].IsNil() {
		return
	}
	if v, ok := f.info.Uses[id].(*types.Var); ok {
		f.detached[v] = true
	}
}

// IsBackground reports whether e is a call of context.Background or
// context.TODO.
func IsBackground(info *types.Info, e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "context" {
		return false
	}
	return fn.Name() == "Background" || fn.Name() == "TODO"
}

// AtHand returns the context to use at the node of cur: the innermost one,
// and among those declared in the same scope a context-typed variable before
// a request, a request before a test, the latest declared first. The
// variable it names is visible and not shadowed at the node.
func (f *Finder) AtHand(cur inspector.Cursor) (Source, bool) {
	all := f.All(cur)
	if len(all) == 0 {
		return Source{}, false
	}
	return all[0], true
}

// All returns every context at hand at the node of cur, best first (see
// AtHand).
func (f *Finder) All(cur inspector.Cursor) []Source {
	if f == nil || f.info == nil || f.pkg == nil {
		return nil
	}
	if cur.ParentEdgeKind() == edge.GoStmt_Call {
		return nil // go db.Exec(...): runs after the function may have returned
	}
	pos := cur.Node().Pos()
	inner := f.pkg.Scope().Innermost(pos)
	if inner == nil {
		return nil
	}
	// The scopes of the enclosing function literals that run after their
	// creator: the walk stops there.
	barriers := make(map[*types.Scope]bool)
	for c := range cur.Enclosing((*ast.FuncLit)(nil)) {
		if runsLater(f.info, c) {
			if s := f.info.Scopes[c.Node().(*ast.FuncLit).Type]; s != nil {
				barriers[s] = true
			}
		}
	}
	var all []Source
	for s := inner; s != nil && s != f.pkg.Scope() && s != types.Universe; s = s.Parent() {
		if s.Parent() == f.pkg.Scope() {
			break // a file scope: imports only
		}
		var here []Source
		for _, name := range s.Names() {
			v, ok := s.Lookup(name).(*types.Var)
			if !ok || v.IsField() {
				continue
			}
			if _, obj := inner.LookupParent(name, pos); obj != v {
				continue // declared later, or shadowed here
			}
			if src, ok := f.source(v, pos); ok {
				here = append(here, src)
			}
		}
		sort.SliceStable(here, func(i, j int) bool {
			if here[i].Kind != here[j].Kind {
				return rank(here[i].Kind) < rank(here[j].Kind)
			}
			return here[i].Var.Pos() > here[j].Var.Pos()
		})
		all = append(all, here...)
		if barriers[s] {
			break
		}
	}
	return all
}

func rank(k Kind) int {
	switch k {
	case Var:
		return 0
	case Gin, Request, Echo:
		return 1
	}
	return 2
}

// source says whether v is a context source, and how to write its context.
func (f *Finder) source(v *types.Var, pos token.Pos) (Source, bool) {
	t := v.Type()
	if t == nil || f.detached[v] || v.Kind() == types.ResultVar {
		return Source{}, false // a named result is nil until set
	}
	name := v.Name()
	switch {
	case sqlapi.IsPointerTo(t, "github.com/gin-gonic/gin", "Context"):
		return Source{Var: v, Kind: Gin, Expr: name + ".Request.Context()"}, true
	case sqlapi.IsContext(t):
		return Source{Var: v, Kind: Var, Expr: name}, true
	case sqlapi.IsPointerTo(t, "net/http", "Request"):
		return Source{Var: v, Kind: Request, Expr: name + ".Context()"}, true
	case isEcho(t):
		return Source{Var: v, Kind: Echo, Expr: name + ".Request().Context()"}, true
	case f.testing && isTesting(t) && f.goVersionAtLeast(pos, "go1.24") && hasContextMethod(t):
		return Source{Var: v, Kind: Testing, Expr: name + ".Context()"}, true
	}
	return Source{}, false
}

// goVersionAtLeast reports whether the file containing pos is compiled at
// Go version want or later (true when unknown).
func (f *Finder) goVersionAtLeast(pos token.Pos, want string) bool {
	for file, v := range f.info.FileVersions {
		if file.FileStart <= pos && pos <= file.FileEnd {
			return v == "" || version.Compare(v, want) >= 0
		}
	}
	return true
}

// isEcho reports whether t is echo's Context (an interface in v3 and v4).
func isEcho(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Name() != "Context" {
		return false
	}
	path := n.Obj().Pkg().Path()
	return path == "github.com/labstack/echo" || path == "github.com/labstack/echo/v4"
}

func isTesting(t types.Type) bool {
	for _, name := range [...]string{"T", "B", "F"} {
		if sqlapi.IsPointerTo(t, "testing", name) {
			return true
		}
	}
	return sqlapi.IsNamed(t, "testing", "TB") && types.IsInterface(t)
}

// hasContextMethod reports whether t has a method Context() context.Context.
func hasContextMethod(t types.Type) bool {
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, "Context")
	fn, ok := obj.(*types.Func)
	if !ok {
		return false
	}
	sig := fn.Type().(*types.Signature)
	return sig.Params().Len() == 0 && sig.Results().Len() == 1 && sqlapi.IsNamed(sig.Results().At(0).Type(), "context", "Context")
}

// runsLater reports whether the function literal at cur runs after the
// function creating it may have returned: go func() {...}(), a literal
// returned or stored (in a field, an element, a composite literal or a
// channel: a release function its holder calls later), or a callback
// given to (*testing.common).Cleanup, testing.TB.Cleanup, time.AfterFunc or
// context.AfterFunc; or whether its work is shared with other callers, who
// must not depend on this caller's context: (*sync.Once).Do, sync.OnceFunc,
// OnceValue, OnceValues, and singleflight's Do and DoChan.
func runsLater(info *types.Info, cur inspector.Cursor) bool {
	switch cur.ParentEdgeKind() {
	case edge.ReturnStmt_Results, edge.CompositeLit_Elts, edge.KeyValueExpr_Value, edge.SendStmt_Value:
		// Returned (a release function), or stored in a value, a map or a
		// channel: it runs when its holder calls it, after its creator
		// returned, maybe long after the creator's context ended.
		return true
	case edge.AssignStmt_Rhs:
		// Stored in a field or an element: the same.
		as := cur.Parent().Node().(*ast.AssignStmt)
		if i := cur.ParentEdgeIndex(); len(as.Lhs) == len(as.Rhs) && i < len(as.Lhs) {
			_, isVar := ast.Unparen(as.Lhs[i]).(*ast.Ident)
			return !isVar
		}
	case edge.CallExpr_Fun:
		return cur.Parent().ParentEdgeKind() == edge.GoStmt_Call
	case edge.CallExpr_Args:
		call := cur.Parent().Node().(*ast.CallExpr)
		fn, ok := typeutil.Callee(info, call).(*types.Func)
		if !ok || fn.Pkg() == nil {
			return false
		}
		switch fn.Pkg().Path() {
		case "testing":
			return fn.Name() == "Cleanup"
		case "time", "context":
			return fn.Name() == "AfterFunc"
		case "sync":
			// Shared by every caller: the first caller's context would decide
			// for all of them.
			switch fn.Name() {
			case "Do", "OnceFunc", "OnceValue", "OnceValues":
				return true
			}
		case "golang.org/x/sync/singleflight":
			return fn.Name() == "Do" || fn.Name() == "DoChan"
		}
	}
	return false
}

// Describe says when the context is done, for messages: "when the client
// gives up or the request's deadline passes", "when ctx is cancelled or its
// deadline passes", "when the test ends".
func (s Source) Describe() string {
	switch s.Kind {
	case Gin, Request, Echo:
		return "when the client gives up or the request's deadline passes"
	case Testing:
		return "when the test ends"
	}
	return "when " + strings.TrimSpace(s.Expr) + " is cancelled or its deadline passes"
}
