// Package nofail knows which calls cannot return an error, so that the
// branch taken when their error is not nil is not taken for a path the
// program runs: json.Marshal of a value whose type encoding/json encodes
// without fail.
package nofail

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"
)

// Call reports whether call's last result, an error, is nil whenever the
// call returns: encoding/json's Marshal or MarshalIndent given a value
// whose static type cannot fail to encode (see Encodes).
func Call(info *types.Info, call *ast.CallExpr) bool {
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "encoding/json" || len(call.Args) == 0 || call.Ellipsis.IsValid() {
		return false
	}
	if sig, ok := fn.Type().(*types.Signature); !ok || sig.Recv() != nil {
		return false
	}
	switch fn.Name() {
	case "Marshal", "MarshalIndent":
	default:
		return false
	}
	tv, ok := info.Types[call.Args[0]]
	return ok && tv.Type != nil && Encodes(tv.Type)
}

// Encodes reports whether encoding/json encodes every value of type t
// without an error: strings, booleans and integers, pointers to, slices and
// arrays of, maps with string keys of, and structs of such types, none of
// them with a MarshalJSON or MarshalText method and none recursive (a cycle
// of values is an error). Floats (NaN and infinities are errors),
// interfaces, channels, functions, complex numbers and type parameters are
// not.
func Encodes(t types.Type) bool {
	return encodes(t, make(map[types.Type]bool))
}

func encodes(t types.Type, stack map[types.Type]bool) bool {
	t = types.Unalias(t)
	if stack[t] {
		return false // a recursive type: its values may form a cycle
	}
	if marshals(t) {
		return false
	}
	stack[t] = true
	defer delete(stack, t)
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Info()&(types.IsString|types.IsBoolean|types.IsInteger) != 0 && u.Kind() != types.UnsafePointer
	case *types.Pointer:
		return encodes(u.Elem(), stack)
	case *types.Slice:
		return encodes(u.Elem(), stack)
	case *types.Array:
		return encodes(u.Elem(), stack)
	case *types.Map:
		k, ok := types.Unalias(u.Key()).Underlying().(*types.Basic)
		return ok && k.Info()&types.IsString != 0 && !marshals(u.Key()) && encodes(u.Elem(), stack)
	case *types.Struct:
		for i := range u.NumFields() {
			if !encodes(u.Field(i).Type(), stack) {
				return false
			}
		}
		return true
	}
	return false
}

// marshals reports whether t or *t has a method encoding/json calls
// instead of encoding the value itself.
func marshals(t types.Type) bool {
	if _, ok := t.(*types.Named); !ok {
		if _, ok := t.Underlying().(*types.Struct); !ok {
			return false // embedded methods come only through structs
		}
	}
	for _, name := range []string{"MarshalJSON", "MarshalText"} {
		for _, x := range []types.Type{t, types.NewPointer(t)} {
			if obj, _, _ := types.LookupFieldOrMethod(x, true, nil, name); obj != nil {
				if _, ok := obj.(*types.Func); ok {
					return true
				}
			}
		}
	}
	return false
}
