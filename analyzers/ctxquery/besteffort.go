package ctxquery

// This file knows where a call's error is dropped on purpose (best
// effort); internal/ctxfix knows where passing a context changes what a
// correct program does otherwise.

import (
	"go/ast"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/dbpoollint/dbpoollint/internal/ctxfix"
)

// dropsError reports whether the call's outcome is assigned to blank
// identifiers only (_ = db.Create(&entry).Error, _, _ = db.Exec(...)): the
// code says it does not care whether the call fails, a write meant to be
// best effort (an audit record after the response, a last-seen touch). A
// deadline from the context at hand would make it fail where it succeeds
// today, and nobody would be told: left to -strict.
func dropsError(cur inspector.Cursor) bool {
	c := ctxfix.ResultNode(cur)
	if c.ParentEdgeKind() != edge.AssignStmt_Rhs {
		return false
	}
	as := c.Parent().Node().(*ast.AssignStmt)
	if len(as.Rhs) != 1 {
		return false
	}
	for _, l := range as.Lhs {
		if id, ok := l.(*ast.Ident); !ok || id.Name != "_" {
			return false
		}
	}
	return true
}
