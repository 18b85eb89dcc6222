package sqlapi

import (
	"fmt"
	"go/token"
	"strconv"
	"strings"
)

// FuncRef names a function or a method the way users write it in an
// option: pkg/path.Func:argIndex or (*pkg/path.Type).Method:argIndex, the
// argument counted from 0 after the receiver.
type FuncRef struct {
	Text            string // as written
	Pkg, Type, Name string // Type is "" for a package-level function
	Arg             int
}

func (s FuncRef) String() string { return s.Text }

// FuncRefs is a flag.Value holding a comma-separated list of FuncRefs. Each
// use of the flag adds to the list.
type FuncRefs struct {
	Refs *[]FuncRef
}

func (f FuncRefs) String() string {
	if f.Refs == nil {
		return ""
	}
	var parts []string
	for _, s := range *f.Refs {
		parts = append(parts, s.String())
	}
	return strings.Join(parts, ",")
}

func (f FuncRefs) Set(value string) error {
	var specs []FuncRef
	for item := range strings.SplitSeq(value, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		s, err := ParseFuncRef(item)
		if err != nil {
			return err
		}
		specs = append(specs, s)
	}
	*f.Refs = append(*f.Refs, specs...)
	return nil
}

// ParseFuncRef parses pkg/path.Func:argIndex or (*pkg/path.Type).Method:argIndex.
func ParseFuncRef(item string) (FuncRef, error) {
	bad := func(why string) (FuncRef, error) {
		return FuncRef{}, fmt.Errorf("invalid sink %q: %s (want pkg/path.Func:argIndex or (*pkg/path.Type).Method:argIndex)", item, why)
	}
	colon := strings.LastIndexByte(item, ':')
	if colon < 0 {
		return bad("no :argIndex")
	}
	arg, err := strconv.Atoi(item[colon+1:])
	if err != nil || arg < 0 {
		return bad(fmt.Sprintf("argument index %q is not a number >= 0", item[colon+1:]))
	}
	ref := item[:colon]
	s := FuncRef{Text: item, Arg: arg}
	if rest, ok := strings.CutPrefix(ref, "("); ok {
		close := strings.Index(rest, ").")
		if close < 0 {
			return bad("no ). after the receiver type")
		}
		recv := strings.TrimPrefix(rest[:close], "*")
		s.Name = rest[close+2:]
		dot := strings.LastIndexByte(recv, '.')
		if dot <= 0 || dot < strings.LastIndexByte(recv, '/') {
			return bad("the receiver type must be qualified by its package path")
		}
		s.Pkg, s.Type = recv[:dot], recv[dot+1:]
		if !token.IsIdentifier(s.Type) {
			return bad(fmt.Sprintf("type name %q is not an identifier", s.Type))
		}
	} else {
		dot := strings.LastIndexByte(ref, '.')
		if dot <= 0 || dot < strings.LastIndexByte(ref, '/') {
			return bad("the function must be qualified by its package path")
		}
		s.Pkg, s.Name = ref[:dot], ref[dot+1:]
	}
	if !token.IsIdentifier(s.Name) {
		return bad(fmt.Sprintf("function name %q is not an identifier", s.Name))
	}
	if strings.ContainsAny(s.Pkg, " ()*:") {
		return bad(fmt.Sprintf("package path %q is not valid", s.Pkg))
	}
	return s, nil
}

// Matches reports whether the call's callee is the one the reference names.
// A method matches through a pointer or a value receiver, and when promoted.
func (s FuncRef) Matches(c Call) bool {
	if c.Func.Name() != s.Name || c.Func.Pkg() == nil {
		return false
	}
	recv := c.Func.Signature().Recv()
	if s.Type == "" {
		return recv == nil && c.Func.Pkg().Path() == s.Pkg
	}
	return recv != nil && IsNamed(recv.Type(), s.Pkg, s.Type)
}
