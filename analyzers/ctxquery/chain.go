package ctxquery

// This file reports a statement built on a chain without a context (gorm:
// db.Where(...).Find(&x)) where a context is at hand: the fix starts the
// chain with db.WithContext(ctx).

import (
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/dbpoollint/dbpoollint/internal/ctxfix"
	"github.com/dbpoollint/dbpoollint/internal/ctxsource"
	"github.com/dbpoollint/dbpoollint/internal/lifecycle"
	"github.com/dbpoollint/dbpoollint/internal/scope"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// chains knows, per package, which fields may hold a pool bound to a
// context already.
type chains struct {
	pass   *analysis.Pass
	res    *sqlapi.Resolver
	bound  map[*types.Var]bool // fields storing a chain with a context, or a callback's handle
	loaded bool
}

// check reports the call when it runs a chain (db.Where(...).Find(&x)) that
// starts from a pool field or package variable without the class's
// WithContext, and a context is at hand.
func (ch *chains) check(pkg *scope.Package, finder *ctxsource.Finder, pc scope.Call, testSupport func(ast.Node) bool, shrugged func(inspector.Cursor, ctxsource.Source) bool) {
	rc := pc.Call
	k := rc.MethodClass()
	if rc.Recv == nil || k == nil || k.WithContext == "" || !k.IsRun(rc.Name()) || rc.Via != sqlapi.Direct {
		return
	}
	if p, ok := pc.Cur.Parent().Node().(*ast.SelectorExpr); ok && p.X == pc.Expr {
		// Not the end of the chain (db.Begin().Commit()): the outer call is.
		if outer, ok := pc.Cur.Parent().Parent().Node().(*ast.CallExpr); ok && outer.Fun == p {
			if oc, ok := ch.res.Resolve(outer); ok && oc.MethodClass() == k && k.IsRun(oc.Name()) {
				return
			}
		}
	}
	root, ok := ch.root(rc.Recv, k)
	if !ok || callbackBindsContext(ch.pass.TypesInfo, rc, k) {
		return
	}
	src, atHand := finder.AtHand(pc.Cur)
	if !atHand || testSupport(pc.Expr) || shrugged(pc.Cur, src) {
		return
	}
	// The fix passes only a context live for the whole call (and for the
	// rows a Rows() chain returns); with none, the finding has no fix.
	live, isLive := finder.LiveAtHand(pc.Cur, lifecycle.Of(ch.pass).At(pc.Expr).ContextSpan())
	if isLive {
		src = live
	}
	info := ch.pass.TypesInfo
	var fixes []analysis.SuggestedFix
	obj, _, _ := types.LookupFieldOrMethod(info.TypeOf(root), true, ch.pass.Pkg, k.WithContext)
	if m, ok := obj.(*types.Func); isLive && ok && !ctxfix.ChangesWhatRuns(pkg, pc.Cur) && !ctxfix.OtherBudget(pkg, pc.Cur, src) && !ctxfix.UnderLock(pkg, pc.Cur) && m.Signature().Params().Len() == 1 && src.AssignableTo(m.Signature().Params().At(0).Type()) {
		fixes = []analysis.SuggestedFix{{
			Message:   fmt.Sprintf("Start the chain with %s.%s(%s)", types.ExprString(root), k.WithContext, src.Expr),
			TextEdits: []analysis.TextEdit{{Pos: root.End(), End: root.End(), NewText: []byte("." + k.WithContext + "(" + src.Expr + ")")}},
		}}
	}
	remedy := fmt.Sprintf("start the chain with %s.%s(%s)", types.ExprString(root), k.WithContext, src.Expr)
	if !isLive {
		// The context at hand ends before the call or what it returns does
		// (an errgroup's after Wait): name none of them.
		remedy = fmt.Sprintf("start the chain with %s.%s(ctx) with a context that outlives it", types.ExprString(root), k.WithContext)
	}
	pass := ch.pass
	pass.Report(analysis.Diagnostic{
		Pos:      pc.Expr.Pos(),
		End:      pc.Expr.End(),
		Category: CategoryMissing,
		Message: fmt.Sprintf("%s runs without %s, so %s; %s",
			sqlapi.ChainName(rc.Fun()), src.Expr, consequence(info, rc), remedy),
		SuggestedFixes: fixes,
	})
}

// callbackBindsContext reports whether the call runs a callback (gorm's
// db.Transaction(func(tx *gorm.DB) error {...})) whose statements take the
// context themselves (tx.WithContext(ctx).Create(...)): only the BEGIN goes
// without it, and a cancelled statement fails the callback, which rolls the
// transaction back. Not reported.
func callbackBindsContext(info *types.Info, rc sqlapi.Call, k *sqlapi.Class) bool {
	if len(rc.Args) == 0 {
		return false
	}
	lit, ok := ast.Unparen(rc.Args[0]).(*ast.FuncLit)
	if !ok || lit.Type.Params == nil || len(lit.Type.Params.List) != 1 || len(lit.Type.Params.List[0].Names) != 1 {
		return false
	}
	param := info.ObjectOf(lit.Type.Params.List[0].Names[0])
	if param == nil || sqlapi.ClassOf(param.Type()) != k {
		return false
	}
	binds := false
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if binds || !ok {
			return !binds
		}
		if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok && info.ObjectOf(id) == param && sel.Sel.Name == k.WithContext {
			binds = true
		}
		return !binds
	})
	return binds
}

// root returns the start of the chain at recv: a pool field (s.db) or a
// package variable of the class, reached through chain methods none of
// which is WithContext. ok is false for a chain with a context, one that
// starts elsewhere (a parameter, a local variable: a transaction, a
// session made earlier), or a field that some code stores a pool bound to
// a context in.
func (ch *chains) root(recv ast.Expr, k *sqlapi.Class) (ast.Expr, bool) {
	info := ch.pass.TypesInfo
	for {
		recv = ast.Unparen(recv)
		call, ok := recv.(*ast.CallExpr)
		if !ok {
			break
		}
		rc, ok := ch.res.Resolve(call)
		if !ok || rc.Recv == nil || rc.MethodClass() != k || k.IsRun(rc.Name()) || k.TakesNoConn(rc.Name()) && !returnsSame(rc, k) {
			return nil, false
		}
		if rc.Name() == k.WithContext {
			return nil, false
		}
		recv = rc.Recv
	}
	if sqlapi.ClassOf(info.TypeOf(recv)) != k {
		return nil, false
	}
	switch x := recv.(type) {
	case *ast.SelectorExpr:
		sel, ok := info.Selections[x]
		if !ok || sel.Kind() != types.FieldVal {
			if v, ok := info.Uses[x.Sel].(*types.Var); ok && isPackageVar(v) {
				return recv, !ch.contextBound(v)
			}
			return nil, false
		}
		return recv, !ch.contextBound(sel.Obj().(*types.Var))
	case *ast.Ident:
		if v, ok := info.Uses[x].(*types.Var); ok && isPackageVar(v) {
			return recv, !ch.contextBound(v)
		}
	}
	return nil, false
}

func returnsSame(rc sqlapi.Call, k *sqlapi.Class) bool {
	res := rc.Func.Signature().Results()
	return res.Len() == 1 && sqlapi.ClassOf(res.At(0).Type()) == k
}

func isPackageVar(v *types.Var) bool {
	return v.Pkg() != nil && v.Parent() == v.Pkg().Scope()
}

// contextBound reports whether the package stores, in the field or
// package variable v, a chain with a context or something it cannot read:
// a function literal's parameter (a transaction's callback handle), a
// local variable.
func (ch *chains) contextBound(v *types.Var) bool {
	if !ch.loaded {
		ch.loaded = true
		ch.bound = make(map[*types.Var]bool)
		info := ch.pass.TypesInfo
		suspect := func(x ast.Expr) bool {
			x = ast.Unparen(x)
			if _, ok := x.(*ast.CallExpr); ok {
				found := false
				ast.Inspect(x, func(n ast.Node) bool {
					if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Name == "WithContext" {
						found = true
					}
					return !found
				})
				return found
			}
			if id, ok := x.(*ast.Ident); ok {
				if lv, ok := info.Uses[id].(*types.Var); ok && !isPackageVar(lv) && !lv.IsField() {
					return !ch.declParam(lv) // a constructor's parameter is the pool
				}
			}
			return false
		}
		for _, f := range ch.pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.CompositeLit:
					for _, el := range n.Elts {
						if kv, ok := el.(*ast.KeyValueExpr); ok {
							if id, ok := kv.Key.(*ast.Ident); ok {
								if fv, ok := info.Uses[id].(*types.Var); ok && fv.IsField() && suspect(kv.Value) {
									ch.bound[fv] = true
								}
							}
						}
					}
				case *ast.AssignStmt:
					if len(n.Lhs) != len(n.Rhs) {
						return true
					}
					for i, lhs := range n.Lhs {
						var target *types.Var
						switch l := ast.Unparen(lhs).(type) {
						case *ast.SelectorExpr:
							target, _ = info.Uses[l.Sel].(*types.Var)
						case *ast.Ident:
							target, _ = info.Uses[l].(*types.Var)
						}
						if target != nil && (target.IsField() || isPackageVar(target)) && suspect(n.Rhs[i]) {
							ch.bound[target] = true
						}
					}
				}
				return true
			})
		}
	}
	return ch.bound[v]
}

// declParam reports whether v is a parameter of a declared function (not
// of a function literal, whose parameter may be a callback's transaction).
func (ch *chains) declParam(v *types.Var) bool {
	for _, f := range ch.pass.Files {
		if f.Pos() > v.Pos() || v.Pos() >= f.End() {
			continue
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if ok && fd.Type.Params != nil && fd.Type.Params.Pos() <= v.Pos() && v.Pos() < fd.Type.Params.End() {
				return true
			}
		}
	}
	return false
}
