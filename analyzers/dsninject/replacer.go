package dsninject

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// safeCall is the tracer's test of a call whose text cannot carry DSN
// syntax: safePart's, or the Replace of a strings.Replacer that escapes a
// key=value DSN's value (see sqlapi.EscapesKeyValue).
func (st *state) safeCall(c sqlapi.Call) bool {
	if safePart(c) {
		return true
	}
	if !c.IsMethod("strings", "Replacer", "Replace") || c.Recv == nil {
		return false
	}
	nr := st.newReplacer(c.Recv, c.Expr.Pos(), 0)
	if nr == nil {
		return false
	}
	var pairs [][2]string
	for i := 0; i+1 < len(nr.Args); i += 2 {
		oldS, ok1 := st.constString(nr.Args[i])
		newS, ok2 := st.constString(nr.Args[i+1])
		if !ok1 || !ok2 {
			return false
		}
		pairs = append(pairs, [2]string{oldS, newS})
	}
	return len(nr.Args)%2 == 0 && nr.Ellipsis == token.NoPos && sqlapi.EscapesKeyValue(pairs)
}

// newReplacer returns the strings.NewReplacer call that made the replacer
// e denotes at pos: the call itself, a local variable's one definition
// reaching pos, or a package variable's initializer.
func (st *state) newReplacer(e ast.Expr, pos token.Pos, depth int) *ast.CallExpr {
	if depth > 3 {
		return nil
	}
	info := st.pass.TypesInfo
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		if fn, ok := typeutil.Callee(info, e).(*types.Func); ok && fn.Pkg() != nil && fn.Pkg().Path() == "strings" && fn.Name() == "NewReplacer" {
			return e
		}
	case *ast.Ident:
		v, ok := info.Uses[e].(*types.Var)
		if !ok || v.IsField() || v.Pkg() != st.pass.Pkg {
			return nil
		}
		if v.Parent() == v.Pkg().Scope() {
			return st.newReplacer(st.packageVarValue(v), pos, depth+1)
		}
		f := st.fl.EnclosingPos(pos)
		if f == nil {
			return nil
		}
		defs, entry, ok := f.Reaching(v, pos)
		if !ok || entry || len(defs) != 1 || !defs[0].Known || defs[0].Assign.Rhs == nil {
			return nil
		}
		return st.newReplacer(defs[0].Assign.Rhs, defs[0].Assign.Rhs.Pos(), depth+1)
	}
	return nil
}

// packageVarValue returns the initializer of the package variable v, or
// nil.
func (st *state) packageVarValue(v *types.Var) ast.Expr {
	for _, f := range st.pass.Files {
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, sp := range gd.Specs {
				vs := sp.(*ast.ValueSpec)
				for i, n := range vs.Names {
					if st.pass.TypesInfo.Defs[n] == v && len(vs.Values) == len(vs.Names) {
						return vs.Values[i]
					}
				}
			}
		}
	}
	return nil
}

// constString returns e's constant string value.
func (st *state) constString(e ast.Expr) (string, bool) {
	tv, ok := st.pass.TypesInfo.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}
