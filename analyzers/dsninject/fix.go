package dsninject

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"

	"github.com/dbpoollint/dbpoollint/internal/imports"

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
	file, stmt, sole := st.statementOf(call)
	if file == nil || stmt == nil {
		return nil
	}
	imp, pkgName := st.driverImport(file)
	if imp == nil {
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
	indent, ok := imports.LineIndent(src, tf, stmt.Pos())
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
	if del, ok := imports.DropLastUse(st.pass.TypesInfo, file, src, tf, call.Fun); ok {
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

// statementOf returns the file and the statement of a block (or case
// clause) that hold call, and whether call is its whole right-hand side (x
// := call, x = call, var x = call, return call, or such an assignment as an
// if or switch initializer). It returns nil when the statement is of a kind
// that evaluates call more than once or later than its start (loops), or
// when call is inside a function literal of it.
func (st *state) statementOf(call *ast.CallExpr) (*ast.File, ast.Stmt, bool) {
	cur, ok := st.fl.Inspector().Root().FindNode(call)
	if !ok {
		return nil, nil, false
	}
	var file *ast.File
	for c := range cur.Enclosing((*ast.File)(nil)) {
		file = c.Node().(*ast.File)
	}
	for c := cur.Parent(); c.Valid(); c = c.Parent() {
		switch c.Node().(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return file, nil, false
		}
		switch c.ParentEdgeKind() {
		case edge.BlockStmt_List, edge.CaseClause_Body, edge.CommClause_Body:
		default:
			continue
		}
		switch s := c.Node().(type) {
		case *ast.AssignStmt:
			return file, s, soleAssign(s, call)
		case *ast.DeclStmt:
			sole := false
			if gd, ok := s.Decl.(*ast.GenDecl); ok && len(gd.Specs) == 1 {
				if vs, ok := gd.Specs[0].(*ast.ValueSpec); ok && len(vs.Values) == 1 && vs.Values[0] == call {
					sole = true
				}
			}
			return file, s, sole
		case *ast.ReturnStmt:
			return file, s, len(s.Results) == 1 && ast.Unparen(s.Results[0]) == call
		case *ast.ExprStmt:
			return file, s, false
		case *ast.IfStmt:
			if init, ok := s.Init.(*ast.AssignStmt); ok && within(call, init) {
				return file, s, soleAssign(init, call)
			}
		case *ast.SwitchStmt:
			if init, ok := s.Init.(*ast.AssignStmt); ok && within(call, init) {
				return file, s, soleAssign(init, call)
			}
		}
		return file, nil, false
	}
	return file, nil, false
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

func isPkgName(obj types.Object) bool {
	_, ok := obj.(*types.PkgName)
	return ok
}
