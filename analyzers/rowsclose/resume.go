package rowsclose

// This file knows keyset pagination that resumes from the last row read:
// an error that ends a page early loses no row, the next query starts
// right after the last one scanned.

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/dbpoollint/dbpoollint/internal/dbdriver"
	"github.com/dbpoollint/dbpoollint/internal/flow"
	"github.com/dbpoollint/dbpoollint/internal/lifecycle"
	"github.com/dbpoollint/dbpoollint/internal/scope"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// ResumesFromLastRow reports whether the rows produced at pos (the call's
// position, as sqlrowserr reports it) are those of resumesFromLastRow.
func ResumesFromLastRow(pass *analysis.Pass, pos token.Pos) bool {
	return rowsAt(pass, pos, resumesFromLastRow)
}

// resumesFromLastRow reports whether h are database/sql rows read by a
// Next loop that is a statement of an outer for loop without a condition,
// which runs the query again with an argument the Next loop scans (a
// variable declared before the outer loop, written only by Scan in the
// Next loop or from such a Scan target in the outer loop), and leaves only
// by returning an error or under a condition that an error ending a page
// early cannot make true: no row read in this iteration (!read, n == 0) or
// a counter at a cap (n >= max). An error in the middle of a page then
// loses nothing: the next query resumes after the last row scanned. Only
// where every driver of the package reads the first row in Query (pgx's
// stdlib): there a failure before the first row is Query's error, and an
// empty page means the end. A break on a short page (n < limit) is a lost
// error, still reported.
func resumesFromLastRow(pass *analysis.Pass, h *lifecycle.Handle) bool {
	if h.Func == nil || h.Var == nil || h.Class == nil || h.Class.Pkg != sqlapi.SQL || h.Class.Kind != sqlapi.Rows {
		return false
	}
	outer, ok := h.Loop.(*ast.ForStmt)
	if !ok || outer.Cond != nil || !within(h.Call, outer.Body) {
		return false
	}
	if !dbdriver.Of(pass).Only(func(d *sqlapi.DriverRow) bool { return d.FirstRowInQuery }) {
		return false
	}
	info := pass.TypesInfo
	res := scope.Of(pass).Resolver()
	isVar := func(e ast.Expr, v *types.Var) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && info.Uses[id] == v
	}
	// The Next loop: a statement of the outer loop's body whose condition
	// is the rows' only Next.
	var inner *ast.ForStmt
	for _, st := range outer.Body.List {
		if f, ok := st.(*ast.ForStmt); ok && f.Cond != nil && f.Pos() > h.Call.Pos() {
			if call, ok := ast.Unparen(f.Cond).(*ast.CallExpr); ok && isNextOf(pass, res, call, h.Var) {
				inner = f
				break
			}
		}
	}
	if inner == nil {
		return false
	}
	for _, u := range h.Uses {
		if u.Next && u.Node != ast.Unparen(inner.Cond) {
			return false
		}
	}
	// The Scan targets of the Next loop (&v given to rows.Scan).
	scanned := make(map[*types.Var]bool)
	targets := make(map[ast.Node]bool) // the &v expressions
	ast.Inspect(inner.Body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		c, ok := res.Resolve(call)
		if !ok || c.Name() != "Scan" || c.Recv == nil || !isVar(c.Recv, h.Var) {
			return true
		}
		for _, a := range c.Args {
			if u, ok := a.(*ast.UnaryExpr); ok && u.Op == token.AND {
				if id, ok := u.X.(*ast.Ident); ok {
					if v, ok := info.Uses[id].(*types.Var); ok {
						scanned[v] = true
						targets[u] = true
					}
				}
			}
		}
		return true
	})
	// An argument of the query that carries the last row scanned over to
	// the next iteration.
	resumes := false
	for _, a := range h.Call.Args {
		id, ok := ast.Unparen(a).(*ast.Ident)
		if !ok {
			continue
		}
		v, ok := info.Uses[id].(*types.Var)
		if ok && v.Pos() < outer.Pos() && h.Func.InBody(v) && carriesScan(info, h.Func, v, outer, scanned, targets) {
			resumes = true
			break
		}
	}
	if !resumes {
		return false
	}
	return exitsOnlyWhenDone(pass, h.Func, outer, inner)
}

// isNextOf reports whether call is v.Next().
func isNextOf(pass *analysis.Pass, res *sqlapi.Resolver, call *ast.CallExpr, v *types.Var) bool {
	c, ok := res.Resolve(call)
	if !ok || c.Recv == nil || c.Name() != "Next" || len(c.Args) != 0 {
		return false
	}
	p, ok := flow.PathOf(pass.TypesInfo, c.Recv)
	return ok && p.Root == v && p.Fields == ""
}

// carriesScan reports whether every write to v (declared before the outer
// loop) is before the loop, a Scan into it (targets), or in the loop an
// assignment of a Scan target (last = id); and at least one is of the last
// two kinds.
func carriesScan(info *types.Info, f *flow.Func, v *types.Var, outer *ast.ForStmt, scanned map[*types.Var]bool, targets map[ast.Node]bool) bool {
	if incDec(info, f, v, nil) {
		return false
	}
	fed := false
	for _, d := range f.Defs(v) {
		switch {
		case d.Node.End() <= outer.Pos():
		case targets[d.Node]:
			fed = true
		case d.Known && within(d.Node, outer.Body) && d.Assign.Tok == token.ASSIGN:
			id, ok := ast.Unparen(d.Assign.Rhs).(*ast.Ident)
			if !ok {
				return false
			}
			if w, ok := info.Uses[id].(*types.Var); !ok || !scanned[w] {
				return false
			}
			fed = true
		default:
			return false
		}
	}
	return fed
}

// incDec reports whether v is incremented or decremented in f's body
// outside the node in (anywhere, for nil), or decremented in it.
func incDec(info *types.Info, f *flow.Func, v *types.Var, in ast.Node) bool {
	found := false
	flow.Inspect(f.Body, func(n ast.Node) bool {
		if s, ok := n.(*ast.IncDecStmt); ok && !found {
			if id, ok := ast.Unparen(s.X).(*ast.Ident); ok && info.Uses[id] == v {
				found = in == nil || s.Tok != token.INC || !within(s, in)
			}
		}
		return !found
	})
	return found
}

// exitsOnlyWhenDone reports whether every way out of the outer loop, but
// those inside the Next loop (which run while rows are read, not after
// Next returned false), is a return of an error or sits in the body of an
// if whose condition an error ending a page early cannot make true (see
// doneCond). A goto, or a statement the walk does not know, is taken to
// leave.
func exitsOnlyWhenDone(pass *analysis.Pass, f *flow.Func, outer, inner *ast.ForStmt) bool {
	outerLabel := ""
	nested := make(map[string]bool) // labels of statements inside the outer loop
	flow.Inspect(f.Body, func(n ast.Node) bool {
		if l, ok := n.(*ast.LabeledStmt); ok {
			if l.Stmt == outer {
				outerLabel = l.Label.Name
			} else if within(l, outer.Body) {
				nested[l.Label.Name] = true
			}
		}
		return true
	})
	ok := true
	var walk func(s ast.Stmt, breakable, guarded bool)
	walks := func(list []ast.Stmt, breakable, guarded bool) {
		for _, s := range list {
			walk(s, breakable, guarded)
		}
	}
	walk = func(s ast.Stmt, breakable, guarded bool) {
		if !ok || s == nil {
			return
		}
		switch s := s.(type) {
		case *ast.BlockStmt:
			walks(s.List, breakable, guarded)
		case *ast.LabeledStmt:
			walk(s.Stmt, breakable, guarded)
		case *ast.IfStmt:
			walk(s.Body, breakable, guarded || doneCond(pass.TypesInfo, f, s.Cond, outer, inner))
			walk(s.Else, breakable, guarded)
		case *ast.ForStmt:
			if s != inner {
				walk(s.Body, true, guarded)
			}
		case *ast.RangeStmt:
			walk(s.Body, true, guarded)
		case *ast.SwitchStmt:
			walk(s.Body, true, guarded)
		case *ast.TypeSwitchStmt:
			walk(s.Body, true, guarded)
		case *ast.SelectStmt:
			walk(s.Body, true, guarded)
		case *ast.CaseClause:
			walks(s.Body, breakable, guarded)
		case *ast.CommClause:
			walks(s.Body, breakable, guarded)
		case *ast.ReturnStmt:
			if !guarded && !returnsErr(pass.TypesInfo, s) {
				ok = false
			}
		case *ast.BranchStmt:
			switch s.Tok {
			case token.GOTO:
				ok = false
			case token.BREAK:
				leaves := s.Label == nil && !breakable || s.Label != nil && !nested[s.Label.Name]
				if leaves && !guarded {
					ok = false
				}
			case token.CONTINUE:
				if s.Label != nil && !nested[s.Label.Name] && s.Label.Name != outerLabel && !guarded {
					ok = false
				}
			}
		case *ast.AssignStmt, *ast.ExprStmt, *ast.DeclStmt, *ast.IncDecStmt, *ast.DeferStmt, *ast.GoStmt, *ast.SendStmt, *ast.EmptyStmt:
		default:
			ok = false
		}
	}
	walks(outer.Body.List, false, false)
	return ok
}

// returnsErr reports whether ret's last result is of type error and not
// the nil constant.
func returnsErr(info *types.Info, ret *ast.ReturnStmt) bool {
	if len(ret.Results) == 0 {
		return false
	}
	tv, ok := info.Types[ret.Results[len(ret.Results)-1]]
	return ok && !tv.IsNil() && types.Identical(tv.Type, types.Universe.Lookup("error").Type())
}

// doneCond reports whether cond holds only when the iteration read no row
// (!read, with read declared false in the outer loop's body before the
// Next loop and set only to true in it; n == 0, with n declared zero there
// and only incremented in the Next loop) or when a counter the Next loop
// increments reached a cap (n >= max, n > max), or is a conjunction with
// one such operand. An error ending a page early makes neither true.
func doneCond(info *types.Info, f *flow.Func, cond ast.Expr, outer, inner *ast.ForStmt) bool {
	switch c := ast.Unparen(cond).(type) {
	case *ast.BinaryExpr:
		switch c.Op {
		case token.LAND:
			return doneCond(info, f, c.X, outer, inner) || doneCond(info, f, c.Y, outer, inner)
		case token.EQL:
			if v := localOf(info, f, c.X); v != nil && isZero(info, c.Y) {
				return freshCounter(info, f, v, outer, inner)
			}
			if v := localOf(info, f, c.Y); v != nil && isZero(info, c.X) {
				return freshCounter(info, f, v, outer, inner)
			}
		case token.GEQ, token.GTR:
			if v := localOf(info, f, c.X); v != nil {
				return counter(info, f, v, inner)
			}
		case token.LEQ, token.LSS:
			if v := localOf(info, f, c.Y); v != nil {
				return counter(info, f, v, inner)
			}
		}
	case *ast.UnaryExpr:
		if c.Op != token.NOT {
			return false
		}
		v := localOf(info, f, c.X)
		if v == nil || !freshIn(info, f, v, outer, inner, constant.MakeBool(false)) {
			return false
		}
		set := false
		for _, d := range f.Defs(v) {
			if d.Node.Pos() < inner.Pos() {
				continue // the declaration freshIn checked
			}
			if !d.Known || !within(d.Node, inner.Body) || d.Assign.Tok != token.ASSIGN || !isConst(info, d.Assign.Rhs, constant.MakeBool(true)) {
				return false
			}
			set = true
		}
		return set && !incDec(info, f, v, nil)
	}
	return false
}

// counter reports whether v is only incremented (v++, v += n) in the
// Next loop once the outer loop runs, and written nowhere else in it.
func counter(info *types.Info, f *flow.Func, v *types.Var, inner *ast.ForStmt) bool {
	counted := false
	for _, d := range f.Defs(v) {
		if !d.Known {
			return false
		}
		if within(d.Node, inner.Body) {
			if d.Assign.Tok != token.ADD_ASSIGN {
				return false
			}
			counted = true
			continue
		}
		if d.Node.Pos() > inner.Pos() {
			return false // written after the Next loop
		}
	}
	if incDec(info, f, v, inner.Body) {
		return false
	}
	flow.Inspect(inner.Body, func(n ast.Node) bool {
		if s, ok := n.(*ast.IncDecStmt); ok && s.Tok == token.INC {
			if id, ok := ast.Unparen(s.X).(*ast.Ident); ok && info.Uses[id] == v {
				counted = true
			}
		}
		return !counted
	})
	return counted
}

// freshCounter is counter for a v declared zero in the outer loop's body
// before the Next loop: a count of this iteration's rows.
func freshCounter(info *types.Info, f *flow.Func, v *types.Var, outer, inner *ast.ForStmt) bool {
	return freshIn(info, f, v, outer, inner, constant.MakeInt64(0)) && counter(info, f, v, inner)
}

// freshIn reports whether v is declared in the outer loop's body before
// the Next loop, with no value or the constant zero, and not written
// again before the Next loop.
func freshIn(info *types.Info, f *flow.Func, v *types.Var, outer, inner *ast.ForStmt, zero constant.Value) bool {
	if v.Pos() < outer.Body.Pos() || v.Pos() > inner.Pos() {
		return false
	}
	for _, d := range f.Defs(v) {
		if d.Node.Pos() >= inner.Pos() {
			continue
		}
		if !d.Known || d.Assign.Lhs.Pos() != v.Pos() {
			return false // written again, or through a pointer
		}
		if val := d.Assign.Value(); val != nil && (d.Assign.Multi != nil || !isConst(info, val, zero)) {
			return false
		}
	}
	return true
}

// localOf returns the local variable of f that e names, or nil.
func localOf(info *types.Info, f *flow.Func, e ast.Expr) *types.Var {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok || !f.InBody(v) {
		return nil
	}
	return v
}

// isZero reports whether e is the constant 0.
func isZero(info *types.Info, e ast.Expr) bool { return isConst(info, e, constant.MakeInt64(0)) }

// isConst reports whether e is a constant equal to val (a bool, or a
// number).
func isConst(info *types.Info, e ast.Expr, val constant.Value) bool {
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil {
		return false
	}
	switch k := tv.Value.Kind(); {
	case val.Kind() == constant.Bool:
		return k == constant.Bool && constant.BoolVal(tv.Value) == constant.BoolVal(val)
	case k == constant.Int || k == constant.Float:
		return constant.Compare(tv.Value, token.EQL, val)
	}
	return false
}
