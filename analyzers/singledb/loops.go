package singledb

// This file knows loops: which loop runs the code at hand per iteration,
// which values change from one iteration to the next, and which loops wait
// between iterations.

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/dbpoollint/dbpoollint/internal/flow"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// loopOf returns the innermost loop whose body runs the code at cur each
// iteration, and that body: looking outward through function literals
// called right there, not through others (callbacks, goroutines started
// elsewhere, once-guarded initializers).
func loopOf(cur inspector.Cursor) (ast.Node, *ast.BlockStmt) {
	for c := cur; c.Valid(); c = c.Parent() {
		switch n := c.Parent().Node().(type) {
		case *ast.ForStmt:
			if c.ParentEdgeKind() == edge.ForStmt_Body {
				return n, n.Body
			}
		case *ast.RangeStmt:
			if c.ParentEdgeKind() == edge.RangeStmt_Body {
				return n, n.Body
			}
		case *ast.FuncDecl:
			return nil, nil
		}
		if _, ok := c.Node().(*ast.FuncLit); ok && !immediatelyCalled(c) {
			return nil, nil
		}
	}
	return nil, nil
}

// waits reports whether each iteration of loop waits for time to pass:
// time.Sleep, time.After, time.Tick, a receive from or a range over a
// channel of time.Time (a ticker, a timer). Such a loop retries, reconnects
// or polls: one pool per interval is not what takes a database down.
func (a *pools) waits(loop ast.Node) bool {
	found := false
	isTimeChan := func(e ast.Expr) bool {
		ch, ok := types.Unalias(a.info.TypeOf(e)).(*types.Chan)
		return ok && sqlapi.IsNamed(ch.Elem(), "time", "Time")
	}
	ast.Inspect(loop, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if call, ok := a.res.Resolve(n); ok && call.Recv == nil && call.Func.Pkg() != nil && call.Func.Pkg().Path() == "time" {
				switch call.Func.Name() {
				case "Sleep", "After", "Tick":
					found = true
				}
			}
		case *ast.UnaryExpr:
			if n.Op == token.ARROW && isTimeChan(n.X) {
				found = true
			}
		case *ast.RangeStmt:
			if isTimeChan(n.X) {
				found = true
			}
		}
		return !found
	})
	return found
}

// rootIdent returns the variable at the root of x.f[i].g, or nil.
func rootIdent(e ast.Expr) *ast.Ident {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			return x
		case *ast.SelectorExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		default:
			return nil
		}
	}
}

// immediatelyCalled reports whether the function literal at c is called
// where it is written: func(){...}(), go func(){...}(), defer func(){...}().
func immediatelyCalled(c inspector.Cursor) bool {
	for {
		if _, ok := c.Parent().Node().(*ast.ParenExpr); !ok {
			break
		}
		c = c.Parent()
	}
	return c.ParentEdgeKind() == edge.CallExpr_Fun
}

// variant reports whether one of exprs may have another value in each
// iteration of loop: it mentions a variable the loop ranges over or
// assigns from such a value, receives from a channel, or calls a function
// that is not known to be pure (a method, a function of another package
// than fmt, strings, strconv...).
func (a *pools) variant(loop ast.Node, exprs []ast.Expr) bool {
	vars := a.loopVariant(loop)
	for _, e := range exprs {
		if a.varies(e, vars) {
			return true
		}
	}
	return false
}

func (a *pools) loopVariant(loop ast.Node) map[*types.Var]bool {
	if vars, ok := a.variants[loop]; ok {
		return vars
	}
	vars := make(map[*types.Var]bool)
	mark := func(e ast.Expr) bool {
		id := rootIdent(e)
		if id == nil || id.Name == "_" {
			return false
		}
		v, ok := a.info.ObjectOf(id).(*types.Var)
		if !ok || vars[v] {
			return false
		}
		vars[v] = true
		return true
	}
	// Seeds: what the loops range over or step, what is written through a
	// pointer, the parameters of function literals.
	ast.Inspect(loop, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.RangeStmt:
			if n.Key != nil {
				mark(n.Key)
			}
			if n.Value != nil {
				mark(n.Value)
			}
		case *ast.IncDecStmt:
			mark(n.X)
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				mark(n.X)
			}
		case *ast.FuncLit:
			for _, f := range n.Type.Params.List {
				for _, id := range f.Names {
					mark(id)
				}
			}
		}
		return true
	})
	for range 8 {
		changed := false
		ast.Inspect(loop, func(n ast.Node) bool {
			for as := range flow.Assigns(n) {
				if rhs := as.Value(); rhs != nil && a.varies(rhs, vars) && mark(as.Lhs) {
					changed = true
				}
			}
			return true
		})
		if !changed {
			break
		}
	}
	a.variants[loop] = vars
	return vars
}

func (a *pools) varies(e ast.Expr, vars map[*types.Var]bool) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.Ident:
			if v, ok := a.info.Uses[n].(*types.Var); ok && vars[v] {
				found = true
			}
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				found = true
			}
		case *ast.CallExpr:
			if tv, ok := a.info.Types[n.Fun]; ok && (tv.IsType() || tv.IsBuiltin()) {
				return true
			}
			if !a.pure(n) {
				found = true
			}
		case *ast.FuncLit:
			return false
		}
		return !found
	})
	return found
}

// pure reports whether a call returns the same value for the same
// arguments: formatting and parsing functions, environment look-ups, and
// the DSN parsers and gorm dialectors sqlapi knows.
func (a *pools) pure(ce *ast.CallExpr) bool {
	call, ok := a.res.Resolve(ce)
	if !ok {
		return false
	}
	if _, ok := sqlapi.SinkOf(call); ok {
		return true
	}
	if call.Recv != nil || call.Func.Pkg() == nil {
		return false
	}
	switch call.Func.Pkg().Path() {
	case "strings", "strconv", "path", "path/filepath":
		return true
	case "fmt":
		return strings.HasPrefix(call.Func.Name(), "Sprint")
	case "os":
		switch call.Func.Name() {
		case "Getenv", "LookupEnv", "ExpandEnv", "Expand":
			return true
		}
	case "net":
		return call.Func.Name() == "JoinHostPort"
	case "net/url":
		return strings.HasSuffix(call.Func.Name(), "Escape")
	}
	return false
}
