package maxopenzero

// This file reads the size settings of database/sql pools, grouped by pool:
// the calls of one function on the same pool expression (db, s.db). From
// them come the idle pool disabled, the idle pool left at Go's default under
// a large open limit, idle above open, and (opt-in) a pool sized with no
// lifetime.

import (
	"fmt"
	"github.com/dbpoollint/dbpoollint/internal/dbdriver"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/dbpoollint/dbpoollint/internal/flow"
	"github.com/dbpoollint/dbpoollint/internal/lifecycle"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// Go's database/sql keeps 2 idle connections unless told otherwise.
const defaultIdle = 2

// idleChurnLimit is the smallest constant open limit whose pool, with Go's
// default of 2 idle connections, is reported: at 10 open connections under
// load, 8 of every 10 (80%) are closed after their query and dialed again
// for the next one. Below it the extra dials stay within what a database
// absorbs; the default was meant for small pools.
const idleChurnLimit = 10

// setting is one call of a pool setting.
type setting struct {
	call  sqlapi.Call
	name  string         // SetMaxOpenConns, SetMaxIdleConns, SetConnMaxLifetime, SetConnMaxIdleTime
	value constant.Value // the argument's constant value, or nil
	fn    *flow.Func     // the function the call is in
	pool  flow.Path      // the receiver, when it is a path
	field *types.Var     // the receiver's last field (s.db: db), or nil
	ok    bool           // pool is known
}

// poolSettings are the settings of one pool in one function.
type poolSettings struct {
	fn    *flow.Func
	pool  flow.Path
	field *types.Var
	calls map[string][]*setting
}

func (ps *poolSettings) first(name string) *setting {
	if s := ps.calls[name]; len(s) > 0 {
		return s[0]
	}
	return nil
}

// settingNames are the methods of *sql.DB that size the pool, with the kind
// of their parameter.
var settingNames = map[string]types.BasicKind{
	"SetMaxOpenConns":    types.Int,
	"SetMaxIdleConns":    types.Int,
	"SetConnMaxLifetime": types.Int64,
	"SetConnMaxIdleTime": types.Int64,
}

// isSetting reports whether the call is (*sql.DB)'s method name, promoted or
// not, or an interface method of that name and signature.
func isSetting(c sqlapi.Call, name string) bool {
	kind, ok := settingNames[name]
	if !ok || c.Name() != name {
		return false
	}
	if c.IsMethod(sqlapi.SQL, "DB", name) {
		return true
	}
	if !c.Interface() {
		return false
	}
	sig := c.Func.Signature()
	if sig.Params().Len() != 1 || sig.Results().Len() != 0 {
		return false
	}
	t := sig.Params().At(0).Type()
	if kind == types.Int64 && !sqlapi.IsNamed(t, "time", "Duration") {
		return false
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Kind() == kind
}

// collect returns the package's setting calls, grouped by pool and function.
func (c *pkgRun) collect() []*poolSettings {
	info := c.pass.TypesInfo
	var groups []*poolSettings
	index := make(map[[2]any]*poolSettings)
	for _, pc := range c.calls {
		cur, call := pc.Cur, pc.Call
		if !pc.Resolved || call.Recv == nil || len(call.Args) != 1 {
			continue
		}
		name := call.Name()
		if !isSetting(call, name) {
			continue
		}
		s := &setting{call: call, name: name, value: info.Types[call.Args[0]].Value, fn: c.fl.Enclosing(cur)}
		s.pool, s.ok = flow.PathOf(info, call.Recv)
		s.field = lastField(info, call.Recv)
		key := [2]any{s.fn, s.pool}
		if !s.ok {
			key = [2]any{s.fn, call.Expr} // a pool of its own
		}
		g := index[key]
		if g == nil {
			g = &poolSettings{fn: s.fn, pool: s.pool, field: s.field, calls: make(map[string][]*setting)}
			index[key] = g
			groups = append(groups, g)
		}
		g.calls[name] = append(g.calls[name], s)
	}
	return groups
}

// lastField returns the field a pool expression selects last (s.db: db),
// through parentheses and indirections, or nil.
func lastField(info *types.Info, e ast.Expr) *types.Var {
	switch x := ast.Unparen(e).(type) {
	case *ast.SelectorExpr:
		if s, ok := info.Selections[x]; ok && s.Kind() == types.FieldVal {
			v, _ := s.Obj().(*types.Var)
			return v
		}
	case *ast.StarExpr:
		return lastField(info, x.X)
	}
	return nil
}

// configuredZero reports whether the constant 0 of a SetMaxIdleConns call
// is the configured value written out: the call is the then-branch of
// if x == 0 whose else passes x to SetMaxIdleConns (if cfg.MaxIdle == 0 {
// db.SetMaxIdleConns(0) } else { db.SetMaxIdleConns(cfg.MaxIdle) }). The
// operator chose it; a variable setting is not reported.
func (c *pkgRun) configuredZero(s *setting) bool {
	cur, ok := c.fl.Inspector().Root().FindNode(s.call.Expr)
	if !ok {
		return false
	}
	for ifc := range cur.Enclosing((*ast.IfStmt)(nil)) {
		ifs := ifc.Node().(*ast.IfStmt)
		if ifs.Else == nil || !(ifs.Body.Pos() <= s.call.Expr.Pos() && s.call.Expr.End() <= ifs.Body.End()) {
			return false
		}
		cond, ok := ast.Unparen(ifs.Cond).(*ast.BinaryExpr)
		if !ok || cond.Op != token.EQL {
			return false
		}
		x := cond.X
		if tv, ok := c.pass.TypesInfo.Types[x]; ok && tv.Value != nil {
			x = cond.Y
		}
		want := types.ExprString(x)
		found := false
		ast.Inspect(ifs.Else, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok && len(call.Args) == 1 && types.ExprString(call.Args[0]) == want {
				if rc, ok := c.res.Resolve(call); ok && rc.Name() == s.name && isSetting(rc, s.name) {
					found = true
				}
			}
			return !found
		})
		return found
	}
	return false
}

// intValue returns a constant int setting's value.
func intValue(s *setting) (int64, bool) {
	if s == nil || s.value == nil || s.value.Kind() != constant.Int {
		return 0, false
	}
	return constant.Int64Val(s.value)
}

// checkSettings reports the idle and lifetime categories of every pool.
func (c *pkgRun) checkSettings(groups []*poolSettings) {
	for _, g := range groups {
		single := g.singleConn()
		for _, s := range g.calls["SetMaxIdleConns"] {
			if n, ok := intValue(s); ok && n <= 0 && !single && !c.skipTests(s.call.Expr) && !overPgxpool(c.pass.TypesInfo, s.fn) && !c.configuredZero(s) {
				c.report(s.call.Expr, CategoryIdleDisabled, fmt.Sprintf(
					"SetMaxIdleConns(%s) keeps no idle connection: every query dials anew and load exhausts ports; keep some idle",
					exprString(s.call.Args[0])))
			}
		}
		open := g.first("SetMaxOpenConns")
		m, constOpen := intValue(open)
		idle := g.first("SetMaxIdleConns")
		if n, ok := intValue(idle); ok && constOpen && m > 0 && n > m {
			c.report(idle.call.Expr, CategoryIdleAboveOpen, fmt.Sprintf(
				"SetMaxIdleConns(%s) exceeds SetMaxOpenConns(%s) at line %d: database/sql lowers it to %d, so the code misleads; set at most %d",
				exprString(idle.call.Args[0]), exprString(open.call.Args[0]), c.line(open.call.Expr), m, m))
		}
		if open == nil || !g.ok() || c.skipTests(open.call.Expr) {
			continue
		}
		// On SQLite a connection is a file handle in the process: nothing
		// is dialed anew, nothing churns.
		if constOpen && m >= idleChurnLimit && idle == nil && !c.setElsewhere(g, "SetMaxIdleConns") && !dbdriver.Of(c.pass).OnlySQLite() {
			c.report(open.call.Expr, CategoryIdleDefault, fmt.Sprintf(
				"SetMaxOpenConns(%s) keeps Go's 2 idle: under load %d of %d connections are redialed after each use; call SetMaxIdleConns too",
				exprString(open.call.Args[0]), m-defaultIdle, m))
		}
		if c.requireLifetime && g.first("SetConnMaxLifetime") == nil && g.first("SetConnMaxIdleTime") == nil &&
			!c.setElsewhere(g, "SetConnMaxLifetime", "SetConnMaxIdleTime") {
			c.report(open.call.Expr, CategoryNoLifetime,
				"pool sized with no SetConnMaxLifetime: connections a proxy or failover dropped are reused; set a lifetime or idle time")
		}
	}
}

func (g *poolSettings) ok() bool { return g.pool.Root != nil }

// singleConn reports whether the function caps the pool at one connection:
// it calls SetMaxOpenConns on it, each time with the constant 1. Such a pool
// that keeps no idle connection is a choice (a session's SET ROLE or
// search_path must not reach the next statement), and one connection
// redialed serially cannot exhaust ports.
func (g *poolSettings) singleConn() bool {
	opens := g.calls["SetMaxOpenConns"]
	if !g.ok() || len(opens) == 0 {
		return false
	}
	for _, s := range opens {
		if n, ok := intValue(s); !ok || n != 1 {
			return false
		}
	}
	return true
}

// setElsewhere reports whether the pool of g gets one of the settings
// outside g's function: the same field of any value, anywhere in the
// package; a parameter's argument in the same-package callers, each of
// them; a pool the function returns, in its same-package callers, each of
// them. A parameter of a function no caller in the package calls is
// assumed set by its callers.
func (c *pkgRun) setElsewhere(g *poolSettings, names ...string) bool {
	if g.field != nil {
		return c.fieldSet(g.field, names)
	}
	root := g.pool.Root
	if g.fn == nil {
		return true
	}
	if i := g.fn.ParamIndex(root); i >= 0 || root == g.fn.Recv() {
		return true // the caller's pool: its settings are the caller's business
	}
	if !g.fn.IsLocal(root) {
		return c.varSet(root, names) // a package variable or a captured one
	}
	lc := lifecycle.Of(c.pass)
	for _, h := range lc.Kinds(sqlapi.DB) {
		if h.Var != root || h.Func != g.fn {
			continue
		}
		if h.Escape != lifecycle.Returned && h.Dest.Kind != flow.Returned {
			return false
		}
		callers := lc.ProducedBy(g.fn.Obj)
		if g.fn.Obj == nil || len(callers) == 0 {
			return false // returned out of the package: the configuring function is here
		}
		for _, ch := range callers {
			if !usesSetting(ch, names) {
				return false
			}
		}
		return true
	}
	return false
}

func usesSetting(h *lifecycle.Handle, names []string) bool {
	for _, u := range h.Uses {
		for _, n := range names {
			if u.Setting == n {
				return true
			}
		}
	}
	return false
}

// fieldSet reports whether some setting call of the package selects the
// field last.
func (c *pkgRun) fieldSet(field *types.Var, names []string) bool {
	for _, g := range c.groups {
		if g.field != field {
			continue
		}
		for _, n := range names {
			if g.first(n) != nil {
				return true
			}
		}
	}
	return false
}

// varSet reports whether some setting call of the package is on the
// variable itself.
func (c *pkgRun) varSet(v *types.Var, names []string) bool {
	for _, g := range c.groups {
		if g.pool.Root != v || g.pool.Fields != "" {
			continue
		}
		for _, n := range names {
			if g.first(n) != nil {
				return true
			}
		}
	}
	return false
}

// skipTests reports whether the call is in test-support code and the tests
// option is off.
func (c *pkgRun) skipTests(n ast.Node) bool {
	return !c.tests && c.fl.ForTests(n.Pos())
}

func (c *pkgRun) line(n ast.Node) int { return c.pass.Fset.Position(n.Pos()).Line }

func (c *pkgRun) report(n ast.Node, category, msg string, fixes ...analysis.SuggestedFix) {
	c.pass.Report(analysis.Diagnostic{Pos: n.Pos(), End: n.End(), Category: category, Message: msg, SuggestedFixes: fixes})
}

// overPgxpool reports whether the function handles a pgxpool.Pool: a
// *sql.DB it configures is then a view over that pool (pgx's
// stdlib.OpenDBFromPool), whose idle connections the pgxpool keeps.
func overPgxpool(info *types.Info, f *flow.Func) bool {
	if f == nil {
		return false
	}
	found := false
	ast.Inspect(f.Node, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && !found {
			if v, ok := info.ObjectOf(id).(*types.Var); ok {
				t := v.Type()
				found = sqlapi.IsPointerTo(t, sqlapi.PgxPoolV5, "Pool") || sqlapi.IsPointerTo(t, sqlapi.PgxPoolV4, "Pool")
			}
		}
		return !found
	})
	return found
}
