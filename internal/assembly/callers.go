package assembly

// This file follows a parameter of an unexported function back to the
// calls of the function: when every call passes a constant, the parameter
// holds one of those constants.

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ast/edge"
)

// maxUp bounds how many callers up the tracer follows a parameter.
const maxUp = 3

// fromCallers returns what the i'th parameter of fr's function holds when
// every call of the function, a same-package unexported function called
// only directly, passes a constant there (through at most maxUp callers);
// ok is false otherwise.
func (t *Tracer) fromCallers(fr *frame, i int) (srcs []Source, ok bool) {
	fi := fr.fi
	if fi == nil || fi.Obj == nil || fr.up >= maxUp {
		return nil, false
	}
	calls := t.callsOf(fi.Obj)
	if len(calls) == 0 {
		return nil, false
	}
	for _, call := range calls {
		if i >= len(call.Args) || call.Ellipsis.IsValid() {
			return nil, false
		}
		if tv, ok := t.info.Types[call.Args[i]]; !ok || tv.Type == nil {
			return nil, false
		} else if _, multi := tv.Type.(*types.Tuple); multi {
			return nil, false // f(g()): the results of g
		}
		cf := t.fl.EnclosingPos(call.Pos())
		if cf == nil {
			return nil, false
		}
		for _, s := range t.sources(call.Args[i], &frame{fi: cf, depth: fr.depth, up: fr.up + 1}) {
			if s.Kind != Constant {
				return nil, false
			}
			srcs = append(srcs, s)
		}
	}
	return srcs, true
}

// callsOf returns the calls of fn when fn is an unexported function or
// method of the package that is referred to only as the callee of a call:
// not as a value, not by a method expression, and (for a method) no
// interface of the package has a method of its name, through which a call
// would not name it. nil otherwise.
func (t *Tracer) callsOf(fn *types.Func) []*ast.CallExpr {
	if t.calls == nil {
		t.indexCalls()
	}
	if fn.Exported() || t.escaped[fn] {
		return nil
	}
	if fn.Signature().Recv() != nil && t.ifaceMethods[fn.Name()] {
		return nil
	}
	return t.calls[fn]
}

// indexCalls records, for each function of the package, the calls that
// name it, and the functions named otherwise.
func (t *Tracer) indexCalls() {
	t.calls = make(map[*types.Func][]*ast.CallExpr)
	t.escaped = make(map[*types.Func]bool)
	t.ifaceMethods = make(map[string]bool)
	in := t.fl.Inspector()
	if in == nil {
		return
	}
	for cur := range in.Root().Preorder((*ast.Ident)(nil)) {
		id := cur.Node().(*ast.Ident)
		fn, ok := t.info.Uses[id].(*types.Func)
		if !ok {
			continue
		}
		if recv := fn.Signature().Recv(); recv != nil && types.IsInterface(recv.Type()) {
			t.ifaceMethods[fn.Name()] = true
			continue
		}
		if fn.Pkg() != t.fl.Pkg {
			continue
		}
		fn = fn.Origin()
		c := cur
		if c.ParentEdgeKind() == edge.SelectorExpr_Sel {
			c = c.Parent()
			if tv, ok := t.info.Types[c.Node().(*ast.SelectorExpr).X]; ok && tv.IsType() {
				t.escaped[fn] = true // a method expression: the receiver is an argument
				continue
			}
		}
		for c.ParentEdgeKind() == edge.ParenExpr_X {
			c = c.Parent()
		}
		if c.ParentEdgeKind() != edge.CallExpr_Fun {
			t.escaped[fn] = true // a value: called where the tracer cannot see
			continue
		}
		t.calls[fn] = append(t.calls[fn], c.Parent().Node().(*ast.CallExpr))
	}
}
