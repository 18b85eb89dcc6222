package sqlapi

import "go/types"

// Twin describes the Context twin of a method or function that takes no
// context: Query -> QueryContext(ctx, ...), Begin -> BeginTx(ctx, nil).
type Twin struct {
	// Name is the twin's name.
	Name string
	// NilOptions is set when the twin takes a trailing options argument the
	// original has no counterpart for, and nil is its default:
	// Begin() -> BeginTx(ctx, nil), Beginx() -> BeginTxx(ctx, nil),
	// MustBegin() -> MustBeginTx(ctx, nil).
	NilOptions bool
}

// TwinOf returns the Context twin of the call's callee, if it has one:
//   - a method of database/sql's DB, Tx or Stmt (also when promoted through an
//     embedded field) or of sqlx's DB, Tx, Stmt or NamedStmt, or one of sqlx's
//     package-level query functions;
//   - a method of an interface (or a type parameter's constraint) whose method
//     set also has the twin, taking a context.Context first and then the
//     original's parameters (a user's Querier with Query and QueryContext).
func TwinOf(c Call) (Twin, bool) {
	twin, ok := index.twinNames[c.Func.Name()]
	if !ok {
		return Twin{}, false
	}
	sig, ok := c.Func.Type().(*types.Signature)
	if !ok {
		return Twin{}, false
	}
	if c.Interface() {
		iface, _ := sig.Recv().Type().Underlying().(*types.Interface)
		if iface == nil {
			return Twin{}, false
		}
		for i := range iface.NumMethods() {
			m := iface.Method(i)
			if m.Name() == twin.Name && twinSignature(sig, m.Type().(*types.Signature), twin) {
				return twin, true
			}
		}
		return Twin{}, false
	}
	if c.Func.Pkg() == nil {
		return Twin{}, false
	}
	recvName := ""
	if sig.Recv() != nil {
		n := namedOf(sig.Recv().Type())
		if n == nil {
			return Twin{}, false
		}
		recvName = n.Obj().Name()
	}
	if index.twins[[3]string{c.Func.Pkg().Path(), recvName, c.Func.Name()}] {
		return twin, true
	}
	return Twin{}, false
}

// twinSignature reports whether ctxSig is orig's signature with a leading
// context.Context parameter (and, for NilOptions, one trailing parameter).
func twinSignature(orig, ctxSig *types.Signature, twin Twin) bool {
	op, cp := orig.Params(), ctxSig.Params()
	extra := 1
	if twin.NilOptions {
		extra = 2
	}
	if cp.Len() != op.Len()+extra || cp.Len() == 0 || !IsContext(cp.At(0).Type()) {
		return false
	}
	for i := range op.Len() {
		if !types.Identical(op.At(i).Type(), cp.At(i+1).Type()) {
			return false
		}
	}
	if orig.Variadic() != ctxSig.Variadic() {
		return false
	}
	return types.Identical(orig.Results(), ctxSig.Results())
}
