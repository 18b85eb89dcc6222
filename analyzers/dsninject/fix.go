package dsninject

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"

	"golang.org/x/tools/go/analysis"

	"github.com/dbpoollint/dbpoollint/internal/assembly"

	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// mysqlNets maps the classic go-sql-driver/mysql formats the fix rewrites to
// the network they name.
var mysqlNets = map[string]string{
	"%s:%s@tcp(%s)/%s":  "tcp",
	"%s:%s@unix(%s)/%s": "unix",
}

// mysqlFix rewrites fmt.Sprintf("%s:%s@tcp(%s)/%s", user, pass, addr, db)
// into a mysql.Config built by mysql.NewConfig, whose FormatDSN gives the
// DSN:
//
//	cfg := mysql.NewConfig()
//	cfg.User = user
//	cfg.Passwd = pass
//	cfg.Net = "tcp"
//	cfg.Addr = addr
//	cfg.DBName = db
//	dsn := cfg.FormatDSN()
//
// NewConfig, not a composite literal: ParseDSN starts from NewConfig's
// defaults (AllowNativePasswords, CheckConnLiveness, MaxAllowedPacket, Loc),
// and FormatDSN writes every field that differs from them, so a
// mysql.Config{...} literal would add allowNativePasswords=false,
// checkConnLiveness=false and maxAllowedPacket=0 to the DSN. With
// NewConfig, FormatDSN writes no parameter, and the driver parses the
// result into the same Config as the Sprintf's for every value without DSN
// syntax in it; the database name is escaped, which is the point.
//
// The fix is offered only when it is exactly right: the file imports
// github.com/go-sql-driver/mysql (a blank import is made a named one when
// the name mysql is free), the four operands are strings, and the Sprintf
// sits in a statement of a block, either as its whole right-hand side or
// with operands that are plain variables, constants or fields of struct
// values and nothing evaluated before it in the statement that could change
// them.
func (st *state) mysqlFix(a *assembly.Assembly) *analysis.SuggestedFix {
	call := a.Sprintf
	if call == nil || len(a.Sites) > 0 || st.fixed[call] || len(call.Args) != 5 {
		return nil
	}
	netw, ok := mysqlNets[a.Format]
	if !ok {
		return nil
	}
	info := st.pass.TypesInfo
	for _, arg := range call.Args[1:] {
		tv, ok := info.Types[arg]
		if !ok || !(types.Identical(tv.Type, types.Typ[types.String]) || types.Identical(tv.Type, types.Typ[types.UntypedString])) {
			return nil
		}
	}
	file := st.fileOf(call.Pos())
	if file == nil {
		return nil
	}
	imp, pkgName := st.driverImport(file)
	if imp == nil {
		return nil
	}
	stmt, sole := st.statementOf(file, call)
	if stmt == nil {
		return nil
	}
	if !sole && !st.movable(stmt, call) {
		return nil
	}
	scope := st.pass.Pkg.Scope().Innermost(stmt.Pos())
	if scope == nil {
		return nil
	}
	if pkgName == "" {
		// A blank import: name it, if the name is free everywhere it is seen.
		pkgName = "mysql"
		if _, obj := scope.LookupParent(pkgName, token.NoPos); obj != nil || st.pass.Pkg.Scope().Lookup(pkgName) != nil {
			return nil
		}
	} else if _, obj := scope.LookupParent(pkgName, stmt.Pos()); !isPkgName(obj) {
		return nil
	}
	// A name free in the scope, and not taken by another fix in the same
	// scope: both may be applied.
	name := ""
	for _, cand := range [...]string{"cfg", "mysqlCfg", "dsnConfig", "dsnConfig2", "dsnConfig3"} {
		if _, obj := scope.LookupParent(cand, token.NoPos); obj == nil && !st.names[scope][cand] {
			name = cand
			break
		}
	}
	if name == "" {
		return nil
	}
	tf := st.pass.Fset.File(call.Pos())
	src, err := st.pass.ReadFile(tf.Name())
	if err != nil {
		return nil
	}
	indent, ok := lineIndent(src, tf, stmt.Pos())
	if !ok {
		return nil
	}
	text := func(e ast.Expr) string { return string(src[tf.Offset(e.Pos()):tf.Offset(e.End())]) }
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s := %s.NewConfig()\n", name, pkgName)
	for i, field := range [...]string{"User", "Passwd", "Net", "Addr", "DBName"} {
		value := strconv.Quote(netw)
		switch {
		case i < 2:
			value = text(call.Args[1+i])
		case i > 2:
			value = text(call.Args[i])
		}
		fmt.Fprintf(&b, "%s%s.%s = %s\n", indent, name, field, value)
	}
	b.WriteString(indent)
	edits := []analysis.TextEdit{
		{Pos: stmt.Pos(), End: stmt.Pos(), NewText: b.Bytes()},
		{Pos: call.Pos(), End: call.End(), NewText: []byte(name + ".FormatDSN()")},
	}
	if imp.Name != nil && imp.Name.Name == "_" {
		edits = append(edits, analysis.TextEdit{Pos: imp.Name.Pos(), End: imp.Path.Pos()})
	}
	if del, ok := st.dropLastUse(file, src, tf, call); ok {
		edits = append(edits, del)
	}
	st.fixed[call] = true
	if st.names[scope] == nil {
		st.names[scope] = make(map[string]bool)
	}
	st.names[scope][name] = true
	return &analysis.SuggestedFix{
		Message:   fmt.Sprintf("Build the DSN with %s.NewConfig and FormatDSN", pkgName),
		TextEdits: edits,
	}
}

func (st *state) fileOf(pos token.Pos) *ast.File {
	for _, f := range st.pass.Files {
		if f.FileStart <= pos && pos < f.FileEnd {
			return f
		}
	}
	return nil
}

// driverImport returns the file's import of go-sql-driver/mysql and the
// name it binds ("" for a blank import); nil for none or a dot import.
func (st *state) driverImport(f *ast.File) (*ast.ImportSpec, string) {
	for _, imp := range f.Imports {
		path, err := strconv.Unquote(imp.Path.Value)
		if err != nil || path != sqlapi.MySQLDriver {
			continue
		}
		switch {
		case imp.Name == nil:
			if pn, ok := st.pass.TypesInfo.Implicits[imp].(*types.PkgName); ok {
				return imp, pn.Name()
			}
			return nil, ""
		case imp.Name.Name == "_":
			return imp, ""
		case imp.Name.Name == ".":
			return nil, ""
		}
		return imp, imp.Name.Name
	}
	return nil, ""
}

// statementOf returns the statement of a block (or case clause) that holds
// call, and whether call is its whole right-hand side (x :=
// call, x = call, var x = call, return call, or such an assignment as an
// if or switch initializer). It returns nil when the statement is of a kind
// that evaluates call more than once or later than its start (loops), or
// when call is inside a function literal of it.
func (st *state) statementOf(f *ast.File, call *ast.CallExpr) (ast.Stmt, bool) {
	var path []ast.Node
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil || len(path) > 0 && path[len(path)-1] == call {
			return false
		}
		if n.Pos() <= call.Pos() && call.End() <= n.End() {
			path = append(path, n)
			return n != call
		}
		return false
	})
	if len(path) == 0 || path[len(path)-1] != call {
		return nil, false
	}
	for i := len(path) - 2; i >= 1; i-- {
		n := path[i]
		if _, ok := n.(*ast.FuncLit); ok {
			return nil, false
		}
		stmt, ok := n.(ast.Stmt)
		if !ok {
			continue
		}
		parent := path[i-1]
		switch parent.(type) {
		case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
		default:
			continue
		}
		switch s := stmt.(type) {
		case *ast.AssignStmt:
			return s, soleAssign(s, call)
		case *ast.DeclStmt:
			sole := false
			if gd, ok := s.Decl.(*ast.GenDecl); ok && len(gd.Specs) == 1 {
				if vs, ok := gd.Specs[0].(*ast.ValueSpec); ok && len(vs.Values) == 1 && vs.Values[0] == call {
					sole = true
				}
			}
			return s, sole
		case *ast.ReturnStmt:
			return s, len(s.Results) == 1 && ast.Unparen(s.Results[0]) == call
		case *ast.ExprStmt:
			return s, false
		case *ast.IfStmt:
			if init, ok := s.Init.(*ast.AssignStmt); ok && init.Pos() <= call.Pos() && call.End() <= init.End() {
				return s, soleAssign(init, call)
			}
		case *ast.SwitchStmt:
			if init, ok := s.Init.(*ast.AssignStmt); ok && init.Pos() <= call.Pos() && call.End() <= init.End() {
				return s, soleAssign(init, call)
			}
		}
		return nil, false
	}
	return nil, false
}

// soleAssign reports whether s is ids := call or ids = call.
func soleAssign(s *ast.AssignStmt, call *ast.CallExpr) bool {
	if len(s.Rhs) != 1 || ast.Unparen(s.Rhs[0]) != call || (s.Tok != token.DEFINE && s.Tok != token.ASSIGN) {
		return false
	}
	for _, l := range s.Lhs {
		if _, ok := ast.Unparen(l).(*ast.Ident); !ok {
			return false
		}
	}
	return true
}

// movable reports whether the Sprintf's operands can be evaluated before
// the statement without changing what the statement does: they are plain
// variables, constants or fields of struct values (no call, no pointer
// indirection that could panic), and nothing evaluated before the Sprintf
// in the statement (a call, a receive) could change them.
func (st *state) movable(stmt ast.Stmt, call *ast.CallExpr) bool {
	for _, arg := range call.Args[1:] {
		if !st.plain(arg) {
			return false
		}
	}
	ok := true
	ast.Inspect(stmt, func(n ast.Node) bool {
		if !ok || n == nil {
			return false
		}
		if n.End() > call.Pos() {
			return n.Pos() < call.Pos() // descend into what encloses the Sprintf
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			if tv, isType := st.pass.TypesInfo.Types[n.Fun]; !isType || !tv.IsType() {
				ok = false
			}
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				ok = false
			}
		case *ast.FuncLit:
			return false
		}
		return ok
	})
	return ok
}

// plain reports whether e is a variable, a constant, or a field selected
// from one without a pointer indirection.
func (st *state) plain(e ast.Expr) bool {
	e = ast.Unparen(e)
	if tv, ok := st.pass.TypesInfo.Types[e]; ok && tv.Value != nil {
		return true
	}
	switch e := e.(type) {
	case *ast.Ident:
		_, isVar := st.pass.TypesInfo.Uses[e].(*types.Var)
		return isVar
	case *ast.SelectorExpr:
		sel, ok := st.pass.TypesInfo.Selections[e]
		if !ok {
			_, isVar := st.pass.TypesInfo.Uses[e.Sel].(*types.Var) // pkg.Var
			return isVar
		}
		return sel.Kind() == types.FieldVal && !sel.Indirect() && st.plain(e.X)
	}
	return false
}

// lineIndent returns the whitespace that starts the line of pos, when only
// whitespace precedes pos on its line.
func lineIndent(src []byte, tf *token.File, pos token.Pos) (string, bool) {
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

// dropLastUse returns the edit deleting the file's import of fmt when call
// is its last use.
func (st *state) dropLastUse(f *ast.File, src []byte, tf *token.File, call *ast.CallExpr) (analysis.TextEdit, bool) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return analysis.TextEdit{}, false
	}
	x, ok := sel.X.(*ast.Ident)
	if !ok {
		return analysis.TextEdit{}, false
	}
	pn, ok := st.pass.TypesInfo.Uses[x].(*types.PkgName)
	if !ok {
		return analysis.TextEdit{}, false
	}
	uses := 0
	ast.Inspect(f, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && st.pass.TypesInfo.Uses[id] == pn {
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
			if imported(st.pass.TypesInfo, imp) != pn {
				continue
			}
			var from, to token.Pos
			if gd.Lparen.IsValid() && len(gd.Specs) > 1 {
				from, to = imp.Pos(), imp.End()
			} else {
				from, to = gd.Pos(), gd.End()
			}
			// Take the whole line when nothing else is on it.
			if _, ok := lineIndent(src, tf, from); !ok {
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

func isPkgName(obj types.Object) bool {
	_, ok := obj.(*types.PkgName)
	return ok
}
