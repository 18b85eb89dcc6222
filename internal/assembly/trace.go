package assembly

// This file follows values back to where they were made.

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"github.com/dbpoollint/dbpoollint/internal/flow"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

func (t *Tracer) frameAt(pos token.Pos) *frame {
	return &frame{fi: t.fl.EnclosingPos(pos)}
}

func (t *Tracer) budget() bool {
	t.steps++
	return t.steps <= maxSteps
}

// stringConst returns e's value when it is a constant (of any basic kind),
// as the text it prints as.
func (t *Tracer) stringConst(e ast.Expr) (string, bool) {
	tv, ok := t.info.Types[e]
	if !ok || tv.Value == nil {
		return "", false
	}
	if tv.Value.Kind() == constant.String {
		return constant.StringVal(tv.Value), true
	}
	return tv.Value.ExactString(), true
}

// isNumber reports whether e's type is a number or a boolean: its text is
// digits, a sign, a point, true or false.
func (t *Tracer) isNumber(e ast.Expr) bool {
	tv, ok := t.info.Types[e]
	if !ok || tv.Type == nil {
		return false
	}
	b, ok := tv.Type.Underlying().(*types.Basic)
	return ok && b.Info()&(types.IsNumeric|types.IsBoolean) != 0
}

func (t *Tracer) isString(e ast.Expr) bool {
	tv, ok := t.info.Types[e]
	if !ok || tv.Type == nil {
		return false
	}
	b, ok := tv.Type.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

// conversion returns the operand of a conversion T(x), or nil.
func (t *Tracer) conversion(call *ast.CallExpr) ast.Expr {
	if len(call.Args) != 1 {
		return nil
	}
	if tv, ok := t.info.Types[call.Fun]; ok && tv.IsType() {
		return call.Args[0]
	}
	return nil
}

// sources returns what e may hold, as seen from fr.
func (t *Tracer) sources(e ast.Expr, fr *frame) []Source {
	if fr == nil {
		fr = &frame{}
	}
	e = ast.Unparen(e)
	if s, ok := t.stringConst(e); ok {
		return []Source{{Kind: Constant, Expr: e, Text: s}}
	}
	if !t.budget() {
		return []Source{{Kind: Opaque, Expr: e}}
	}
	switch e := e.(type) {
	case *ast.BinaryExpr:
		if e.Op == token.ADD && t.isString(e) {
			return []Source{t.assemble(e, fr)}
		}
	case *ast.Ident:
		if v := t.fl.LocalVar(e); v != nil {
			return t.varSources(v, e.Pos(), fr)
		}
	case *ast.CallExpr:
		return t.callSources(e, fr)
	}
	return []Source{{Kind: Opaque, Expr: e}}
}

// varSources returns what the local variable v may hold at pos in fr.
func (t *Tracer) varSources(v *types.Var, pos token.Pos, fr *frame) []Source {
	if fr == nil || fr.fi == nil || !t.budget() {
		return []Source{{Kind: Opaque}}
	}
	defs, entry, ok := fr.fi.Reaching(v, pos)
	if !ok {
		return []Source{{Kind: Opaque}}
	}
	var srcs []Source
	for _, d := range defs {
		srcs = append(srcs, t.defSources(v, d, fr)...)
	}
	if entry {
		srcs = append(srcs, t.outside(v, fr)...)
	}
	return srcs
}

// defSources returns what the definition d gives v.
func (t *Tracer) defSources(v *types.Var, d flow.Def, fr *frame) []Source {
	switch {
	case !d.Known:
		return []Source{{Kind: Opaque}}
	case t.active[d.Node]:
		return []Source{{Kind: Opaque}} // a loop
	case d.Assign.Tok == token.ADD_ASSIGN:
		t.active[d.Node] = true
		defer delete(t.active, d.Node)
		b := &asmBuilder{t: t, fr: fr}
		b.varAt(v, d.Node.Pos(), nil, 0)
		b.add(d.Assign.Rhs, 0)
		return []Source{b.done("concatenation", d.Node, nil)}
	case d.Assign.Tok != token.DEFINE && d.Assign.Tok != token.ASSIGN && d.Assign.Tok != token.VAR:
		return []Source{{Kind: Opaque}}
	case d.Assign.Rhs != nil:
		t.active[d.Node] = true
		defer delete(t.active, d.Node)
		return t.sources(d.Assign.Rhs, fr)
	case d.Assign.Multi != nil:
		if call, ok := ast.Unparen(d.Assign.Multi).(*ast.CallExpr); ok {
			return t.returned(call, d.Assign.Index, fr)
		}
		return []Source{{Kind: Opaque}}
	}
	// var v T: the zero value.
	if b, ok := v.Type().Underlying().(*types.Basic); ok && b.Info()&types.IsString != 0 {
		return []Source{{Kind: Constant, Text: ""}}
	}
	return []Source{{Kind: Opaque}}
}

// outside returns what v holds when fr's function is entered.
func (t *Tracer) outside(v *types.Var, fr *frame) []Source {
	fi := fr.fi
	if i := fi.ParamIndex(v); i >= 0 {
		if fr.args != nil && i < len(fr.args) {
			return t.sources(fr.args[i], fr.caller)
		}
		if fr.args == nil {
			if srcs, ok := t.fromCallers(fr, i); ok {
				return srcs // every call passes a constant
			}
		}
		return []Source{{Kind: Opaque}}
	}
	// A variable captured by a function literal: what it holds where the
	// literal is written.
	if fi.Outer != nil && v.Pos() < fi.Node.Pos() {
		return t.varSources(v, fi.Node.Pos(), &frame{fi: fi.Outer, depth: fr.depth})
	}
	return []Source{{Kind: Opaque}}
}

// callSources returns what the call may return.
func (t *Tracer) callSources(call *ast.CallExpr, fr *frame) []Source {
	if x := t.conversion(call); x != nil {
		if t.isString(x) {
			return t.sources(x, fr)
		}
		if bs := t.bufferBytes(x); bs != nil {
			return t.callSources(bs, fr)
		}
		return []Source{{Kind: Opaque, Expr: call}}
	}
	c, ok := t.res.Resolve(call)
	if !ok {
		return []Source{{Kind: Opaque, Expr: call}}
	}
	if how := assembler(c); how != "" {
		return []Source{t.assemble(call, fr)}
	}
	if bufferRead(c) {
		if v := t.fl.LocalVar(c.Recv); v != nil && fr.fi != nil {
			return []Source{t.assembleBuffer(call, v, fr)}
		}
		return []Source{{Kind: Opaque, Expr: call}}
	}
	if c.IsMethod("net/url", "URL", "String") || c.IsMethod("net/url", "URL", "Redacted") {
		// url.URL escapes what it writes, unless it was parsed from an
		// assembled string: then its parts hold what the string held.
		userEscaped := t.userEscaped(c.Recv, fr)
		if u := t.parsedFrom(c.Recv, fr); u != nil {
			srcs := t.sources(u, fr)
			for _, src := range srcs {
				if src.Kind == Assembled {
					src.Asm.UserEscaped = userEscaped
				}
			}
			return srcs
		}
		// RawQuery and Opaque are written as they are.
		for _, raw := range t.urlFields(c.Recv, fr, "RawQuery", "Opaque") {
			for _, src := range t.sources(raw, fr) {
				if src.Kind == Assembled && len(src.Asm.Values()) > 0 {
					src.Asm.RawQuery = true
					src.Asm.UserEscaped = userEscaped
					return []Source{src}
				}
			}
		}
		return []Source{{Kind: Built, Expr: call}}
	}
	if t.safeCall(c) {
		return []Source{{Kind: Built, Expr: call}}
	}
	return t.returned(call, 0, fr)
}

// returned returns what the i'th result of a same-package function call may
// hold; an opaque source for any other call.
func (t *Tracer) returned(call *ast.CallExpr, i int, fr *frame) []Source {
	opaque := []Source{{Kind: Opaque, Expr: call}}
	c, ok := t.res.Resolve(call)
	if !ok || c.Interface() || c.Via == sqlapi.MethodValue {
		return opaque
	}
	fi := t.fl.Decl(c.Func)
	if fi == nil || fr.depth >= maxDepth || fr.entered(fi) || i >= fi.NumResults() {
		return opaque
	}
	callee := &frame{fi: fi, args: c.Args, caller: fr, depth: fr.depth + 1}
	if c.Args == nil {
		callee.args = []ast.Expr{}
	}
	var srcs []Source
	for _, ret := range fi.Returns() {
		switch {
		case len(ret.Results) == fi.NumResults():
			srcs = append(srcs, t.sources(ret.Results[i], callee)...)
		case len(ret.Results) == 0:
			if v := fi.Result(i); v != nil {
				srcs = append(srcs, t.varSources(v, ret.Pos(), callee)...)
			}
		default:
			srcs = append(srcs, Source{Kind: Opaque})
		}
	}
	return srcs
}

// parsedFrom returns the argument of the url.Parse the URL expression u
// comes from, if it does.
func (t *Tracer) parsedFrom(u ast.Expr, fr *frame) ast.Expr {
	v := t.fl.LocalVar(u)
	if v == nil || fr.fi == nil {
		return nil
	}
	defs, _, ok := fr.fi.Reaching(v, u.Pos())
	if !ok {
		return nil
	}
	for _, d := range defs {
		var call *ast.CallExpr
		switch {
		case d.Assign.Multi != nil && d.Assign.Index == 0:
			call, _ = ast.Unparen(d.Assign.Multi).(*ast.CallExpr)
		case d.Assign.Rhs != nil:
			call, _ = ast.Unparen(d.Assign.Rhs).(*ast.CallExpr)
		}
		if call == nil || len(call.Args) != 1 {
			continue
		}
		if c, ok := t.res.Resolve(call); ok && sqlapi.IsURLParse(c) {
			return call.Args[0]
		}
	}
	return nil
}

// userEscaped reports whether the url.URL u gets its userinfo from
// url.UserPassword or url.User, in its composite literal or by an
// assignment in fr's function: its String escapes the password.
func (t *Tracer) userEscaped(u ast.Expr, fr *frame) bool {
	vals := t.urlFields(u, fr, "User")
	for _, v := range vals {
		call, ok := ast.Unparen(v).(*ast.CallExpr)
		if !ok {
			return false
		}
		c, ok := t.res.Resolve(call)
		if !ok || !c.IsFunc("net/url", "UserPassword") && !c.IsFunc("net/url", "User") {
			return false
		}
	}
	return len(vals) > 0
}

// urlFields returns the values given to the named fields of the url.URL the
// local variable u holds, in its composite literal or by assignments in
// fr's function. url.URL writes RawQuery and Opaque without escaping.
func (t *Tracer) urlFields(u ast.Expr, fr *frame, names ...string) []ast.Expr {
	u = ast.Unparen(u)
	if x, ok := u.(*ast.UnaryExpr); ok && x.Op == token.AND {
		u = ast.Unparen(x.X)
	}
	raw := func(name string) bool {
		for _, n := range names {
			if n == name {
				return true
			}
		}
		return false
	}
	var parts []ast.Expr
	lit := func(e ast.Expr) {
		e = ast.Unparen(e)
		if x, ok := e.(*ast.UnaryExpr); ok && x.Op == token.AND {
			e = ast.Unparen(x.X)
		}
		if cl, ok := e.(*ast.CompositeLit); ok {
			for _, el := range cl.Elts {
				if kv, ok := el.(*ast.KeyValueExpr); ok {
					if id, ok := kv.Key.(*ast.Ident); ok && raw(id.Name) {
						parts = append(parts, kv.Value)
					}
				}
			}
		}
	}
	v := t.fl.LocalVar(u)
	if v == nil {
		lit(u)
		return parts
	}
	if fr.fi == nil {
		return nil
	}
	for _, d := range fr.fi.Defs(v) {
		if d.Assign.Rhs != nil {
			lit(d.Assign.Rhs)
		}
	}
	flow.Inspect(fr.fi.Body, func(n ast.Node) bool {
		for a := range flow.Assigns(n) {
			if sel, ok := ast.Unparen(a.Lhs).(*ast.SelectorExpr); ok && a.Rhs != nil && raw(sel.Sel.Name) && t.fl.LocalVar(sel.X) == v {
				parts = append(parts, a.Rhs)
			}
		}
		return true
	})
	return parts
}

// bufferBytes returns the call x when it is buf.Bytes() on a bytes.Buffer.
func (t *Tracer) bufferBytes(x ast.Expr) *ast.CallExpr {
	call, ok := ast.Unparen(x).(*ast.CallExpr)
	if !ok {
		return nil
	}
	if c, ok := t.res.Resolve(call); ok && c.IsMethod("bytes", "Buffer", "Bytes") {
		return call
	}
	return nil
}

// assembler names the function when the call assembles a string from its
// arguments: fmt.Sprintf, fmt.Sprint, fmt.Sprintln, strings.Join.
func assembler(c sqlapi.Call) string {
	for _, name := range [...]string{"Sprintf", "Sprint", "Sprintln"} {
		if c.IsFunc("fmt", name) {
			return "fmt." + name
		}
	}
	if c.IsFunc("strings", "Join") {
		return "strings.Join"
	}
	return ""
}

// bufferRead reports whether the call reads what was written to a
// strings.Builder or a bytes.Buffer.
func bufferRead(c sqlapi.Call) bool {
	return c.IsMethod("strings", "Builder", "String") || c.IsMethod("bytes", "Buffer", "String") || c.IsMethod("bytes", "Buffer", "Bytes")
}

// safe reports whether e cannot carry separators: a constant, a number, a
// call the tracer's safe predicate accepts (an escaper, a structured
// builder), a same-package function returning only such values, or a local
// variable that only ever holds such values.
func (t *Tracer) safe(e ast.Expr, fr *frame, depth int) bool {
	if fr == nil {
		fr = &frame{}
	}
	e = ast.Unparen(e)
	if _, ok := t.stringConst(e); ok {
		return true
	}
	if t.isNumber(e) {
		return true
	}
	if depth > 6 || !t.budget() {
		return false
	}
	switch x := e.(type) {
	case *ast.BinaryExpr:
		return x.Op == token.ADD && t.safe(x.X, fr, depth+1) && t.safe(x.Y, fr, depth+1)
	case *ast.CallExpr:
		if y := t.conversion(x); y != nil {
			return t.isString(y) && t.safe(y, fr, depth+1)
		}
		c, ok := t.res.Resolve(x)
		if !ok {
			return false
		}
		if t.safeCall(c) {
			return true
		}
		return t.allSafe(t.returned(x, 0, fr))
	case *ast.Ident:
		if v := t.fl.LocalVar(x); v != nil && fr != nil && fr.fi != nil {
			return t.allSafe(t.varSources(v, x.Pos(), fr))
		}
	}
	return false
}

// allSafe reports whether every source is a constant, a builder's output, or
// an assembly of safe parts.
func (t *Tracer) allSafe(srcs []Source) bool {
	if len(srcs) == 0 {
		return false
	}
	for _, s := range srcs {
		switch s.Kind {
		case Constant, Built:
		case Assembled:
			for _, p := range s.Asm.Pieces {
				if p.Kind == Value {
					return false
				}
			}
		default:
			return false
		}
	}
	return true
}
