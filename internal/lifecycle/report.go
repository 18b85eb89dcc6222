package lifecycle

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/dbpoollint/dbpoollint/internal/flow"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// This file says what the analyzers say of a handle: where it is left
// behind, and the fix that releases it.

// Release returns the statement that releases the handle when deferred
// right after it is produced, as its class says (Close, Rollback, Release;
// with the producer's context for pgx), and the name of the release call:
// "defer rows.Close()", "defer tx.Rollback(ctx)". A release that returns an
// error other than Close is written in the form errcheck accepts:
// "defer func() { _ = tx.Rollback() }()". ok is false when the class has no
// release to defer, or its context cannot be written, or its producer
// returned functions to release it with (Releasers), which may do more.
func (h *Handle) Release(info *types.Info) (stmt, call string, ok bool) {
	if h.Var == nil || h.Class.Defer == "" || len(h.Releasers) > 0 {
		return "", "", false
	}
	args := ""
	if h.Class.DeferCtx {
		ctx := h.producerContext(info)
		if ctx == "" {
			return "", "", false
		}
		args = ctx
	}
	call = fmt.Sprintf("%s.%s(%s)", h.Var.Name(), h.Class.Defer, args)
	if h.Class.Defer != "Close" && h.releaseReturnsError(info) {
		return fmt.Sprintf("defer func() { _ = %s }()", call), call, true
	}
	return "defer " + call, call, true
}

// producerContext returns the context argument of the producing call, when
// it is a variable or a field path (ctx, s.ctx), or "".
func (h *Handle) producerContext(info *types.Info) string {
	for _, a := range h.Call.Args {
		if !sqlapi.IsContext(info.TypeOf(a)) {
			continue
		}
		for x := ast.Unparen(a); ; {
			switch y := x.(type) {
			case *ast.Ident:
				return types.ExprString(a)
			case *ast.SelectorExpr:
				x = ast.Unparen(y.X)
				continue
			}
			return ""
		}
	}
	return ""
}

// releaseReturnsError reports whether the class's deferred release returns
// an error.
func (h *Handle) releaseReturnsError(info *types.Info) bool {
	obj, _, _ := types.LookupFieldOrMethod(h.Var.Type(), true, h.Var.Pkg(), h.Class.Defer)
	fn, ok := obj.(*types.Func)
	if !ok {
		return true
	}
	res := fn.Signature().Results()
	return res.Len() == 1 && types.Identical(res.At(0).Type(), errorType)
}

// ReleaseFix returns the fix that adds the handle's release (see Release)
// right after the producer's statement, or after the if err != nil { ...
// return } that follows it; nil when that repair is not mechanical and
// certainly safe (safety.go): the handle is handed over on some path, used
// by a closure or goroutine that may outlive the function, lends a handle
// that outlives it, may be kept by another owner (a cache), is produced in
// a loop, leaks by reassignment, or the producer's statement is not a
// plain statement followed by its error check.
func ReleaseFix(fset *token.FileSet, info *types.Info, h *Handle) *analysis.SuggestedFix {
	if !h.releasable() || h.Loop != nil || !h.stmt.Valid() {
		return nil
	}
	release, _, ok := h.Release(info)
	if !ok {
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
	text := fmt.Sprintf("\n%s%s", strings.Repeat("\t", max(col-1, 0)), release)
	at := afterTrailingComment(fset, stmt, anchor.End())
	return &analysis.SuggestedFix{
		Message:   "Add " + release,
		TextEdits: []analysis.TextEdit{{Pos: at, End: at, NewText: []byte(text)}},
	}
}

// afterTrailingComment returns the end of the comment that follows pos on
// its line, if there is one, else pos: a statement added after a line keeps
// that line's comment where it was.
func afterTrailingComment(fset *token.FileSet, c inspector.Cursor, pos token.Pos) token.Pos {
	for fc := range c.Enclosing((*ast.File)(nil)) {
		line := fset.Position(pos).Line
		for _, cg := range fc.Node().(*ast.File).Comments {
			if cg.Pos() >= pos && fset.Position(cg.Pos()).Line == line {
				return cg.End()
			}
		}
	}
	return pos
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

// Where describes an exit for messages, as seen from the producer: "on the
// return at line 20", "when the function ends", "when rows is reassigned at
// line 18", "when the loop runs db.Query again", "at the continue at line
// 31".
func (h *Handle) Where(fset *token.FileSet, x Exit) string {
	line := fset.Position(x.Pos).Line
	switch x.Kind {
	case End:
		return "when the function ends"
	case Reassign:
		if h.Var != nil {
			return fmt.Sprintf("when %s is reassigned at line %d", h.Var.Name(), line)
		}
	case Iteration:
		return fmt.Sprintf("when the loop runs %s again", h.Producer)
	case Continue:
		return fmt.Sprintf("at the continue at line %d", line)
	}
	return fmt.Sprintf("on the return at line %d", line)
}

// Subject names the handle in messages about the exit: its variable, and
// the slice or map holding it there ("stmt, collected in stmts,").
func (h *Handle) Subject(x Exit) string {
	if h.only {
		// release, err := s.lock(ctx): the handle has no variable of its own.
		noun := "connection"
		if h.Kind == sqlapi.Tx {
			noun = "transaction"
		}
		return fmt.Sprintf("the %s behind %s from %s", noun, h.Var.Name(), h.Producer)
	}
	if x.In != nil {
		return fmt.Sprintf("%s, collected in %s,", h.Var.Name(), x.In.Name())
	}
	return h.Var.Name()
}

// Exits returns the related information of a leaked handle: every exit
// where it is left behind.
func (h *Handle) Exits(fset *token.FileSet, what string) []analysis.RelatedInformation {
	var rel []analysis.RelatedInformation
	for _, x := range h.Leaks {
		msg := what + " left behind here"
		if x.In != nil {
			msg = fmt.Sprintf("%s left behind here in %s", what, x.In.Name())
		}
		switch x.Kind {
		case Reassign:
			msg = what + " overwritten here"
		case Iteration:
			msg = what + " overwritten here by the next iteration"
		}
		rel = append(rel, analysis.RelatedInformation{Pos: x.Pos, End: x.End, Message: msg})
	}
	return rel
}

// Unused reports whether the producing call's result is not used at all:
// an expression statement, or a two-valued call assigned to _ and an error
// variable, so that a call of another method with the same parameters and
// an error result (Exec for Query) keeps the code compiling.
func (h *Handle) Unused() bool {
	switch h.Dest.Kind {
	case flow.Dropped:
		return h.Dest.Cursor.ParentEdgeKind() == edge.ExprStmt_X
	case flow.Blank:
		as, ok := h.Dest.Stmt.Node().(*ast.AssignStmt)
		return ok && len(as.Rhs) == 1 && len(as.Lhs) == 2
	}
	return false
}
