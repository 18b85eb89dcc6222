package flow

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/dbpoollint/dbpoollint/internal/nofail"
)

// CondValue reports the value the condition cond, a node of f's graph,
// always has, when it is known: a comparison of an error variable with nil
// (err != nil, err == nil) where every definition of the variable that
// reaches cond is the error of a call that cannot fail (package nofail,
// b, err := json.Marshal(v) of a plain struct) or nil. The variable must be
// declared in f's body and not be written by a nested literal or through
// its address. The branch cond cannot take is code no path runs.
func (f *Func) CondValue(cond ast.Expr) (value, known bool) {
	x, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok || x.Op != token.EQL && x.Op != token.NEQ {
		return false, false
	}
	info := f.p.Info
	other := x.X
	if tv, ok := info.Types[x.X]; ok && tv.IsNil() {
		other = x.Y
	} else if tv, ok := info.Types[x.Y]; !ok || !tv.IsNil() {
		return false, false
	}
	id, ok := ast.Unparen(other).(*ast.Ident)
	if !ok {
		return false, false
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok || !f.InBody(v) || !types.Identical(v.Type(), types.Universe.Lookup("error").Type()) {
		return false, false
	}
	// Cheap first: some definition of v is a call that cannot fail
	// (memoized per variable: a function may test one err after each of N
	// calls).
	if !f.someNeverFails(v) {
		return false, false
	}
	for _, u := range f.Uses(v) {
		if f.p.Enclosing(u) != f {
			return false, false // a nested literal may write it
		}
	}
	defs, entry, ok := f.Reaching(v, cond.Pos())
	if !ok || entry || len(defs) == 0 {
		return false, false
	}
	for _, d := range defs {
		if !f.neverFails(d) {
			return false, false
		}
	}
	return x.Op == token.EQL, true
}

// someNeverFails reports whether some definition of v is the error of a
// call that cannot fail, computed once per variable.
func (f *Func) someNeverFails(v *types.Var) bool {
	p := f.p
	p.condMu.Lock()
	r, ok := p.failable[v]
	p.condMu.Unlock()
	if ok {
		return r
	}
	for _, d := range f.Defs(v) {
		if d.Assign.Multi != nil && f.neverFails(d) {
			r = true
			break
		}
	}
	p.condMu.Lock()
	if p.failable == nil {
		p.failable = make(map[*types.Var]bool)
	}
	p.failable[v] = r
	p.condMu.Unlock()
	return r
}

// neverFails reports whether the definition d leaves its target nil: the
// error result of a call that cannot fail, the nil constant, or a var spec
// without values.
func (f *Func) neverFails(d Def) bool {
	if !d.Known {
		return false
	}
	a := d.Assign
	if a.Tok != token.DEFINE && a.Tok != token.ASSIGN && a.Tok != token.VAR {
		return false
	}
	switch val := a.Value(); {
	case val == nil:
		return a.Tok == token.VAR
	case a.Multi != nil:
		call, ok := ast.Unparen(a.Multi).(*ast.CallExpr)
		if !ok {
			return false
		}
		sig, ok := f.p.Info.TypeOf(call.Fun).Underlying().(*types.Signature)
		return ok && a.Index == sig.Results().Len()-1 && nofail.Call(f.p.Info, call)
	default:
		tv, ok := f.p.Info.Types[val]
		return ok && tv.IsNil()
	}
}
