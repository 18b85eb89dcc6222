package maxopenzero

// This file holds pgxpool's size: a Config whose MaxConns is set to a
// constant of zero or less (NewWithConfig refuses it at run time), and the
// guard on ParseConfig's MaxConns that never fires (ParseConfig always sets
// a positive one: pool_max_conns, or max(4, runtime.NumCPU())).

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"github.com/dbpoollint/dbpoollint/internal/flow"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// checkPgxpool reads the fields of pgxpool.Config set in the package: its
// size and its durations, in one walk, for packages that reach pgxpool.
func (c *pkgRun) checkPgxpool() {
	if !sqlapi.ReachesAny(c.pass.Pkg, pgxpoolPaths) {
		return
	}
	info := c.pass.TypesInfo
	for cur := range c.inspect.Root().Preorder((*ast.AssignStmt)(nil), (*ast.KeyValueExpr)(nil), (*ast.IfStmt)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) != len(n.Rhs) {
				continue
			}
			for i, lhs := range n.Lhs {
				sel, ok := lhs.(*ast.SelectorExpr)
				if !ok {
					continue
				}
				f := pgxField(info, sel.Sel)
				switch {
				case f == nil:
				case f.Name() == "MaxConns" && n.Tok == token.ASSIGN:
					c.checkMaxConns(n, types.ExprString(lhs)+" = ", n.Rhs[i])
				case pgxDurations[f.Name()]:
					c.checkDuration(n.Rhs[i], types.ExprString(lhs)+" = %s", f.Name())
				}
			}
		case *ast.KeyValueExpr:
			if id, ok := n.Key.(*ast.Ident); ok {
				f := pgxField(info, id)
				switch {
				case f == nil:
				case f.Name() == "MaxConns":
					c.checkMaxConns(n, "MaxConns: ", n.Value)
				case pgxDurations[f.Name()]:
					c.checkDuration(n.Value, f.Name()+": %s", f.Name())
				}
			}
		case *ast.IfStmt:
			c.checkGuard(n)
		}
	}
}

var pgxpoolPaths = map[string]bool{sqlapi.PgxPoolV5: true, sqlapi.PgxPoolV4: true}

func isMaxConns(info *types.Info, id *ast.Ident) bool {
	f := pgxField(info, id)
	return f != nil && f.Name() == "MaxConns"
}

func (c *pkgRun) checkMaxConns(at ast.Node, what string, value ast.Expr) {
	tv := c.pass.TypesInfo.Types[value]
	if tv.Value == nil || tv.Value.Kind() != constant.Int || constant.Sign(tv.Value) > 0 {
		return
	}
	c.report(at, CategoryPgxMaxConns, fmt.Sprintf("%s%s: pgxpool refuses MaxConns below 1 when it creates the pool, so the service fails at start; set a positive limit",
		what, types.ExprString(value)))
}

// checkGuard reports `if cfg.MaxConns <= 0 { ... }` (or == 0, < 1) on a
// config that only pgxpool.ParseConfig defined, with no assignment to its
// MaxConns before the guard.
func (c *pkgRun) checkGuard(ifs *ast.IfStmt) {
	info := c.pass.TypesInfo
	cond, ok := ast.Unparen(ifs.Cond).(*ast.BinaryExpr)
	if !ok {
		return
	}
	sel, ok := ast.Unparen(cond.X).(*ast.SelectorExpr)
	if !ok || !isMaxConns(info, sel.Sel) {
		return
	}
	bound := info.Types[cond.Y].Value
	if bound == nil || bound.Kind() != constant.Int {
		return
	}
	b, _ := constant.Int64Val(bound)
	switch {
	case cond.Op == token.LEQ && b <= 0, cond.Op == token.EQL && b <= 0, cond.Op == token.LSS && b <= 1:
	default:
		return
	}
	cfg := c.fl.LocalVar(sel.X)
	f := c.fl.EnclosingPos(ifs.Pos())
	if cfg == nil || f == nil {
		return
	}
	defs, entry, ok := f.Reaching(cfg, ifs.Cond.Pos())
	if !ok || entry || len(defs) == 0 {
		return
	}
	for _, d := range defs {
		if !d.Known || !c.fromParseConfig(d.Assign.Value()) {
			return
		}
	}
	// Nothing assigned to cfg.MaxConns between the definitions and the guard.
	assigned := false
	for a := range flow.AssignsIn(f.Body) {
		if a.Stmt.Pos() >= ifs.Pos() || a.Stmt.Pos() < defs[0].Node.Pos() {
			continue
		}
		if s, ok := ast.Unparen(a.Lhs).(*ast.SelectorExpr); ok && isMaxConns(info, s.Sel) && c.fl.LocalVar(s.X) == cfg {
			assigned = true
		}
	}
	if assigned {
		return
	}
	c.report(ifs.Cond, CategoryDeadGuard, fmt.Sprintf("%s is never true: ParseConfig always sets MaxConns >= 1, so the fallback never applies; assign it unconditionally",
		types.ExprString(ifs.Cond)))
}

// fromParseConfig reports whether e is (the config result of) a call of
// pgxpool.ParseConfig.
func (c *pkgRun) fromParseConfig(e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	rc, ok := c.res.Resolve(call)
	return ok && (rc.IsFunc(sqlapi.PgxPoolV5, "ParseConfig") || rc.IsFunc(sqlapi.PgxPoolV4, "ParseConfig"))
}
