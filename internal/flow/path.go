package flow

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Path is an expression by data flow: a variable and the fields selected
// from it (r.db is {r, ".db"}). Two expressions of the same Path name the
// same value as long as neither the variable nor the fields are assigned
// in between.
type Path struct {
	Root   *types.Var
	Fields string
}

// String returns the path as the code writes it.
func (p Path) String() string { return p.Root.Name() + p.Fields }

// PathOf returns the path of e: a variable, or fields selected from one,
// through parentheses, pointer indirections and address-of.
func PathOf(info *types.Info, e ast.Expr) (Path, bool) {
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		v, ok := info.ObjectOf(x).(*types.Var)
		return Path{Root: v}, ok
	case *ast.SelectorExpr:
		s, ok := info.Selections[x]
		if !ok || s.Kind() != types.FieldVal {
			return Path{}, false
		}
		p, ok := PathOf(info, x.X)
		p.Fields += "." + x.Sel.Name
		return p, ok
	case *ast.StarExpr:
		return PathOf(info, x.X)
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			return PathOf(info, x.X)
		}
	}
	return Path{}, false
}
