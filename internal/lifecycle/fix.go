package lifecycle

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"
)

// DeferFix returns the fix "Add defer <var>.<method>()" for a tracked
// handle, inserted right after the producer's statement or after the
// if err != nil { ... return } that follows it, or nil when that repair is
// not mechanical and exactly right: the handle is handed over on some path,
// produced in a loop, leaks by reassignment, or the producer's statement is
// not a plain statement followed by its error check.
func DeferFix(fset *token.FileSet, info *types.Info, h *Handle, method string) *analysis.SuggestedFix {
	if h.Fate != Tracked || h.Var == nil || h.Escapes || h.Loop != nil || !h.stmt.Valid() {
		return nil
	}
	for _, x := range h.Leaks {
		if x.Kind != Return && x.Kind != End {
			return nil
		}
	}
	stmt := h.stmt
	if _, ok := stmt.Node().(*ast.ValueSpec); ok {
		stmt = stmt.Parent().Parent() // ValueSpec -> GenDecl -> DeclStmt
		if _, ok := stmt.Node().(*ast.DeclStmt); !ok {
			return nil
		}
	}
	var list []ast.Stmt
	switch stmt.ParentEdgeKind() {
	case edge.BlockStmt_List:
		list = stmt.Parent().Node().(*ast.BlockStmt).List
	case edge.CaseClause_Body:
		list = stmt.Parent().Node().(*ast.CaseClause).Body
	case edge.CommClause_Body:
		list = stmt.Parent().Node().(*ast.CommClause).Body
	default:
		return nil
	}
	i := stmt.ParentEdgeIndex()
	if i < 0 || i >= len(list) {
		return nil
	}
	anchor := list[i]
	if h.errVar != nil {
		if i+1 >= len(list) || !isErrReturn(info, list[i+1], h.errVar) {
			return nil
		}
		anchor = list[i+1]
	}
	col := fset.Position(list[i].Pos()).Column
	text := fmt.Sprintf("\n%sdefer %s.%s()", strings.Repeat("\t", max(col-1, 0)), h.Var.Name(), method)
	return &analysis.SuggestedFix{
		Message:   fmt.Sprintf("Add defer %s.%s()", h.Var.Name(), method),
		TextEdits: []analysis.TextEdit{{Pos: anchor.End(), End: anchor.End(), NewText: []byte(text)}},
	}
}

// isErrReturn reports whether s is `if err != nil { ...; return ... }`
// without init or else.
func isErrReturn(info *types.Info, s ast.Stmt, errVar *types.Var) bool {
	is, ok := s.(*ast.IfStmt)
	if !ok || is.Init != nil || is.Else != nil || len(is.Body.List) == 0 {
		return false
	}
	be, ok := ast.Unparen(is.Cond).(*ast.BinaryExpr)
	if !ok || be.Op != token.NEQ {
		return false
	}
	id, ok := ast.Unparen(be.X).(*ast.Ident)
	if !ok || info.ObjectOf(id) != errVar {
		return false
	}
	if tv, ok := info.Types[be.Y]; !ok || !tv.IsNil() {
		return false
	}
	_, ok = is.Body.List[len(is.Body.List)-1].(*ast.ReturnStmt)
	return ok
}

// Where describes an exit for messages: "when returning at line 20", "when
// the function ends at line 25", "before rows is reassigned at line 18",
// "before the loop at line 10 runs db.Query again".
func (h *Handle) Where(fset *token.FileSet, x Exit) string {
	line := fset.Position(x.Pos).Line
	switch x.Kind {
	case End:
		return fmt.Sprintf("when the function ends at line %d", line)
	case Reassign:
		if h.Var != nil {
			return fmt.Sprintf("before %s is reassigned at line %d", h.Var.Name(), line)
		}
	case Iteration:
		if h.Loop != nil {
			return fmt.Sprintf("before the loop at line %d runs %s again", fset.Position(h.Loop.Pos()).Line, h.Producer)
		}
	}
	return fmt.Sprintf("when returning at line %d", line)
}
