// Package imports edits a file's imports for the suite's fixes: a fix that
// replaces the last use of a package removes its import, so that the fixed
// file compiles.
package imports

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
)

// LineIndent returns the whitespace that starts the line of pos, when only
// whitespace precedes pos on its line.
func LineIndent(src []byte, tf *token.File, pos token.Pos) (string, bool) {
	off := tf.Offset(pos)
	start := tf.Offset(tf.LineStart(tf.Line(pos)))
	if start > off || off > len(src) {
		return "", false
	}
	indent := src[start:off]
	for _, c := range indent {
		if c != ' ' && c != '\t' {
			return "", false
		}
	}
	return string(indent), true
}

// DropLastUse returns the edit that deletes the import of the package that
// qualifies fun (fmt in fmt.Sprintf), when fun is that import's last use in
// the file f, whose source is src: a fix that replaces the call leaves no
// unused import behind.
func DropLastUse(info *types.Info, f *ast.File, src []byte, tf *token.File, fun ast.Expr) (analysis.TextEdit, bool) {
	sel, ok := ast.Unparen(fun).(*ast.SelectorExpr)
	if !ok {
		return analysis.TextEdit{}, false
	}
	x, ok := sel.X.(*ast.Ident)
	if !ok {
		return analysis.TextEdit{}, false
	}
	pn, ok := info.Uses[x].(*types.PkgName)
	if !ok {
		return analysis.TextEdit{}, false
	}
	uses := 0
	ast.Inspect(f, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && info.Uses[id] == pn {
			uses++
		}
		return true
	})
	if uses != 1 {
		return analysis.TextEdit{}, false
	}
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			continue
		}
		for _, spec := range gd.Specs {
			imp := spec.(*ast.ImportSpec)
			if imported(info, imp) != pn {
				continue
			}
			var from, to token.Pos
			if gd.Lparen.IsValid() && len(gd.Specs) > 1 {
				from, to = imp.Pos(), imp.End()
			} else {
				from, to = gd.Pos(), gd.End()
			}
			// Take the whole line when nothing else is on it.
			if _, ok := LineIndent(src, tf, from); !ok {
				return analysis.TextEdit{}, false
			}
			start := tf.LineStart(tf.Line(from))
			endOff := tf.Offset(to)
			for endOff < len(src) && (src[endOff] == ' ' || src[endOff] == '\t') {
				endOff++
			}
			if endOff < len(src) && src[endOff] != '\n' {
				return analysis.TextEdit{}, false
			}
			if endOff < len(src) {
				endOff++
			}
			return analysis.TextEdit{Pos: start, End: tf.Pos(endOff)}, true
		}
	}
	return analysis.TextEdit{}, false
}

// imported returns the package name an import spec binds.
func imported(info *types.Info, imp *ast.ImportSpec) *types.PkgName {
	if imp.Name != nil {
		pn, _ := info.Defs[imp.Name].(*types.PkgName)
		return pn
	}
	pn, _ := info.Implicits[imp].(*types.PkgName)
	return pn
}
