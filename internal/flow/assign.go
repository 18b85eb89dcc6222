package flow

import (
	"go/ast"
	"go/token"
	"iter"
)

// Assign is one target of an assignment: an `=`, `:=` or `op=` statement,
// or a `var` spec.
type Assign struct {
	// Stmt is the *ast.AssignStmt or *ast.ValueSpec.
	Stmt ast.Node
	// Tok is the statement's token (DEFINE, ASSIGN, ADD_ASSIGN, ...); VAR for
	// a var spec.
	Tok token.Token
	// Lhs is the target: an expression, or the *ast.Ident of a var spec.
	Lhs ast.Expr
	// Index is the target's index among the statement's targets.
	Index int
	// Rhs is the target's own value when values and targets pair up one to
	// one; nil when several targets take the results of one multi-valued
	// expression (see Multi), or for a var spec without values.
	Rhs ast.Expr
	// Multi is the multi-valued expression (a call, a type assertion, a map
	// index or a receive) the targets take together, its result Index going
	// to this target; nil otherwise.
	Multi ast.Expr
}

// Value returns the expression the target takes its value from: Rhs, or
// Multi for a multi-valued assignment; nil for a var spec without values.
func (a Assign) Value() ast.Expr {
	if a.Rhs != nil {
		return a.Rhs
	}
	return a.Multi
}

// Assigns yields the targets of n, an *ast.AssignStmt or *ast.ValueSpec;
// nothing for any other node.
func Assigns(n ast.Node) iter.Seq[Assign] {
	return func(yield func(Assign) bool) {
		var (
			lhs []ast.Expr
			rhs []ast.Expr
			tok token.Token
		)
		switch n := n.(type) {
		case *ast.AssignStmt:
			lhs, rhs, tok = n.Lhs, n.Rhs, n.Tok
		case *ast.ValueSpec:
			lhs = make([]ast.Expr, len(n.Names))
			for i, id := range n.Names {
				lhs[i] = id
			}
			rhs, tok = n.Values, token.VAR
		default:
			return
		}
		for i, l := range lhs {
			a := Assign{Stmt: n, Tok: tok, Lhs: l, Index: i}
			switch {
			case len(lhs) == len(rhs):
				a.Rhs = rhs[i]
			case len(rhs) == 1:
				a.Multi = rhs[0]
			}
			if !yield(a) {
				return
			}
		}
	}
}

// AssignsIn yields every assignment target below root, nested function
// literals included, in source order.
func AssignsIn(root ast.Node) iter.Seq[Assign] {
	return func(yield func(Assign) bool) {
		stop := false
		ast.Inspect(root, func(n ast.Node) bool {
			if stop {
				return false
			}
			switch n.(type) {
			case *ast.AssignStmt, *ast.ValueSpec:
				for a := range Assigns(n) {
					if !yield(a) {
						stop = true
						return false
					}
				}
			}
			return true
		})
	}
}

// AssignOf returns the target whose value comes from e, when e is a value
// of an assignment or var spec at the node's parent: the target of a
// one-to-one pair, or (multi) every target of a multi-valued expression.
func AssignOf(stmt ast.Node, e ast.Expr) (targets []Assign) {
	for a := range Assigns(stmt) {
		if a.Rhs == e || a.Multi == e {
			targets = append(targets, a)
		}
	}
	return targets
}
