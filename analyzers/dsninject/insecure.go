package dsninject

// This file implements -insecure-options: constant DSN options that turn
// transport security off or widen the attack surface.

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// checkInsecure reports the insecure options in constant DSN parts: those
// that reached a sink or a DSN-shaped format, and every string literal
// shaped like a DSN.
func (st *state) checkInsecure(in *inspector.Inspector) {
	for cur := range in.Root().Preorder((*ast.BasicLit)(nil)) {
		lit := cur.Node().(*ast.BasicLit)
		if lit.Kind != token.STRING {
			continue
		}
		text, ok := stringConst(st.pass.TypesInfo, lit)
		if !ok {
			continue
		}
		if sqlapi.IsDSN(text) {
			st.consts = append(st.consts, constRef{lit, text})
		}
	}
	reported := make(map[token.Pos]bool)
	for _, ref := range st.consts {
		for _, opt := range sqlapi.InsecureDSNOptions(ref.text) {
			pos, end := st.optionRange(ref.expr, opt.Text)
			if reported[pos] || st.skipped(pos) {
				continue
			}
			reported[pos] = true
			st.pass.Report(analysis.Diagnostic{
				Pos:      pos,
				End:      end,
				Category: CategoryInsecure,
				Message:  fmt.Sprintf("the DSN option %s %s", opt.Text, opt.Risk),
			})
		}
	}
}

// optionRange returns where to report an option found in the constant e:
// the option's text in the literal that declares it when that can be found,
// else e.
func (st *state) optionRange(e ast.Expr, option string) (token.Pos, token.Pos) {
	e = ast.Unparen(e)
	if id, ok := e.(*ast.SelectorExpr); ok {
		e = id.Sel
	}
	if id, ok := e.(*ast.Ident); ok {
		if c, ok := st.pass.TypesInfo.Uses[id].(*types.Const); ok && c.Pkg() == st.pass.Pkg {
			if lit := st.constLit(c); lit != nil {
				e = lit
			}
		}
	}
	if lit, ok := e.(*ast.BasicLit); ok {
		if i := strings.Index(strings.ToLower(lit.Value), strings.ToLower(option)); i >= 0 {
			pos := lit.Pos() + token.Pos(i)
			return pos, pos + token.Pos(len(option))
		}
	}
	return e.Pos(), e.End()
}

// constLit returns the string literal a package constant is declared with.
func (st *state) constLit(c *types.Const) *ast.BasicLit {
	cur, ok := st.fl.Inspector().Root().FindByPos(c.Pos(), c.Pos())
	if !ok || cur.ParentEdgeKind() != edge.ValueSpec_Names {
		return nil
	}
	vs := cur.Parent().Node().(*ast.ValueSpec)
	if i := cur.ParentEdgeIndex(); i < len(vs.Values) {
		lit, _ := ast.Unparen(vs.Values[i]).(*ast.BasicLit)
		return lit
	}
	return nil
}
