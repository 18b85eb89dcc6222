package maxopenzero

// This file holds the durations without a unit: SetConnMaxLifetime(1800)
// is 1800 nanoseconds, not 30 minutes, and so are pgxpool.Config's
// MaxConnLifetime, MaxConnIdleTime and HealthCheckPeriod given a bare
// number. database/sql then expires every connection right after its use.

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// millisecond in nanoseconds: a lifetime below it is no lifetime anyone
// means.
const millisecond = 1_000_000

// pgxDurations are the duration fields of pgxpool.Config.
var pgxDurations = map[string]bool{
	"MaxConnLifetime":       true,
	"MaxConnIdleTime":       true,
	"HealthCheckPeriod":     true,
	"MaxConnLifetimeJitter": true,
}

// checkDurations reports the lifetimes of pools and of pgxpool configs
// given as bare numbers.
func (c *pkgRun) checkDurations(groups []*poolSettings) {
	for _, g := range groups {
		for _, name := range []string{"SetConnMaxLifetime", "SetConnMaxIdleTime"} {
			for _, s := range g.calls[name] {
				c.checkDuration(s.call.Args[0], name+"(%s)", name)
			}
		}
	}
}

// pgxField returns the field of pgxpool.Config (v4 or v5) id selects or
// names in a literal, or nil.
func pgxField(info *types.Info, id *ast.Ident) *types.Var {
	v, ok := info.ObjectOf(id).(*types.Var)
	if !ok || !v.IsField() || v.Pkg() == nil {
		return nil
	}
	if p := v.Pkg().Path(); p != sqlapi.PgxPoolV5 && p != sqlapi.PgxPoolV4 {
		return nil
	}
	return v
}

// checkDuration reports e when it is a constant duration above zero and
// below a millisecond, written without a unit of package time. what
// formats the setting with the argument as written; name is the setting's.
func (c *pkgRun) checkDuration(e ast.Expr, what, name string) {
	info := c.pass.TypesInfo
	tv := info.Types[e]
	if tv.Value == nil || tv.Value.Kind() != constant.Int {
		return
	}
	ns, exact := constant.Int64Val(tv.Value)
	if !exact || ns <= 0 || ns >= millisecond || c.usesUnit(e) || c.skipTests(e) {
		return
	}
	setting := fmt.Sprintf(what, types.ExprString(e))
	var fixes []analysis.SuggestedFix
	remedy := "write it with a unit: time.Second, time.Minute"
	if secs, lit := seconds(e); lit && c.timeImported(e) {
		text := fmt.Sprintf("%d * time.Second", secs)
		remedy = "write " + text
		fixes = []analysis.SuggestedFix{{
			Message:   "Write " + text,
			TextEdits: []analysis.TextEdit{{Pos: e.Pos(), End: e.End(), NewText: []byte(text)}},
		}}
	}
	effect := "each connection is redialed after one use"
	if name == "HealthCheckPeriod" {
		effect = "the pool's health check runs without pause"
	}
	c.report(e, CategoryDurationUnit, fmt.Sprintf("%s is %dns: %s; %s", setting, ns, effect, remedy), fixes...)
}

// seconds returns the number of seconds a bare literal most likely means:
// a whole number of minutes written in seconds (60, 300, 1800, 3600), as a
// literal or a time.Duration conversion of one. Any other number (30: 30
// seconds or 30 minutes?) gets no fix.
func seconds(e ast.Expr) (int64, bool) {
	e = ast.Unparen(e)
	if call, ok := e.(*ast.CallExpr); ok && len(call.Args) == 1 {
		e = ast.Unparen(call.Args[0]) // time.Duration(1800); the conversion is checked by its constant value
	}
	lit, ok := e.(*ast.BasicLit)
	if !ok {
		return 0, false
	}
	v := constant.MakeFromLiteral(lit.Value, lit.Kind, 0)
	n, exact := constant.Int64Val(v)
	if !exact || n < 60 || n%60 != 0 {
		return 0, false
	}
	return n, true
}

// usesUnit reports whether e is built from a unit of package time, or from
// a named constant of type time.Duration (whoever typed it chose the
// unit), or from a conversion that is not a bare literal's.
func (c *pkgRun) usesUnit(e ast.Expr) bool {
	info := c.pass.TypesInfo
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || found {
			return !found
		}
		k, ok := info.Uses[id].(*types.Const)
		if !ok {
			return true
		}
		if k.Pkg() != nil && k.Pkg().Path() == "time" || sqlapi.IsNamed(k.Type(), "time", "Duration") {
			found = true
		}
		return true
	})
	return found
}

// timeImported reports whether the file of e imports package time under its
// name, unshadowed at e.
func (c *pkgRun) timeImported(e ast.Expr) bool {
	scope := c.pass.Pkg.Scope().Innermost(e.Pos())
	if scope == nil {
		return false
	}
	_, obj := scope.LookupParent("time", e.Pos())
	pn, ok := obj.(*types.PkgName)
	return ok && pn.Imported().Path() == "time"
}
