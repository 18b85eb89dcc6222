package flow

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
)

// DestKind says where a value goes.
type DestKind int

const (
	// Dropped: the value is not used: an expression statement, the call of
	// a go or defer statement.
	Dropped DestKind = iota
	// Blank: assigned to _.
	Blank
	// Bound: assigned to a variable (Var), whatever function it belongs to;
	// ask Func.IsLocal.
	Bound
	// Stored: assigned to a field, an element, or through a pointer (Lhs).
	Stored
	// Returned: a result of a return statement.
	Returned
	// Selected: the operand of a selector: a method called on it or taken
	// as a value, or a field read (Sel; Call when the selector is called).
	Selected
	// Argument: an argument (Index) of a call (Call), conversions included.
	Argument
	// Elsewhere: any other use: an operand, a composite literal's element,
	// a channel send, ...
	Elsewhere
)

// Dest is where one result of a call goes.
type Dest struct {
	Kind DestKind
	// Cursor is the cursor of the value, parentheses climbed through.
	Cursor inspector.Cursor
	// Stmt is the assignment, var spec or return statement, for Blank,
	// Bound, Stored and Returned.
	Stmt inspector.Cursor
	// Lhs is the target, for Blank, Bound and Stored.
	Lhs ast.Expr
	// Var is the variable, for Bound.
	Var *types.Var
	// Sel is the selector, for Selected.
	Sel *ast.SelectorExpr
	// Call is the call: for Argument, the one the value is passed to; for
	// Selected, the call of the selector, if it is called (x.M()).
	Call inspector.Cursor
	// Index is the argument index, for Argument.
	Index int
}

// Dest returns where result i of the call at cur goes (i is 0 for a
// single-valued call).
func (p *Package) Dest(cur inspector.Cursor, i int) Dest {
	for cur.ParentEdgeKind() == edge.ParenExpr_X {
		cur = cur.Parent()
	}
	d := Dest{Kind: Elsewhere, Cursor: cur}
	parent := cur.Parent()
	k, idx := cur.ParentEdge()
	switch k {
	case edge.ExprStmt_X, edge.DeferStmt_Call, edge.GoStmt_Call:
		d.Kind = Dropped
	case edge.ReturnStmt_Results:
		d.Kind, d.Stmt = Returned, parent
	case edge.SelectorExpr_X:
		d.Kind, d.Sel = Selected, parent.Node().(*ast.SelectorExpr)
		if parent.ParentEdgeKind() == edge.CallExpr_Fun {
			d.Call = parent.Parent()
		}
	case edge.CallExpr_Args:
		d.Kind, d.Call, d.Index = Argument, parent, idx
	case edge.AssignStmt_Rhs, edge.ValueSpec_Values:
		for a := range Assigns(parent.Node()) {
			if (a.Rhs != nil && a.Index == idx) || (a.Multi != nil && a.Index == i) {
				p.bind(&d, parent, a.Lhs)
				break
			}
		}
	}
	return d
}

func (p *Package) bind(d *Dest, stmt inspector.Cursor, lhs ast.Expr) {
	d.Stmt, d.Lhs = stmt, lhs
	id, ok := ast.Unparen(lhs).(*ast.Ident)
	switch {
	case !ok:
		d.Kind = Stored
	case id.Name == "_":
		d.Kind = Blank
	default:
		if v, ok := p.Info.ObjectOf(id).(*types.Var); ok {
			d.Kind, d.Var = Bound, v
		} else {
			d.Kind = Stored
		}
	}
}

// AssignedTo returns the identifier a single-valued expression at cur is
// assigned to, one to one, if any.
func AssignedTo(cur inspector.Cursor) *ast.Ident {
	switch cur.ParentEdgeKind() {
	case edge.AssignStmt_Rhs, edge.ValueSpec_Values:
		idx := cur.ParentEdgeIndex()
		for a := range Assigns(cur.Parent().Node()) {
			if a.Rhs != nil && a.Index == idx {
				id, _ := ast.Unparen(a.Lhs).(*ast.Ident)
				return id
			}
		}
	}
	return nil
}
