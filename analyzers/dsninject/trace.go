package dsninject

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// maxDepth bounds how many same-package calls the tracer enters.
const maxDepth = 4

// maxSteps bounds the work spent on one traced value.
const maxSteps = 2000

// frame is a function being read: the function the sink sits in, or a
// same-package helper entered through a call, whose parameters then hold
// the call's arguments.
type frame struct {
	fi     *funcInfo
	args   []ast.Expr // the call's arguments, after the receiver; nil at the top
	caller *frame
	depth  int
}

func (fr *frame) entered(fi *funcInfo) bool {
	for f := fr; f != nil; f = f.caller {
		if f.fi == fi {
			return true
		}
	}
	return false
}

// pieceKind classifies an operand of an assembly.
type pieceKind int

const (
	// constPiece: constant text.
	constPiece pieceKind = iota
	// safePiece: a value that cannot carry DSN syntax: a number, an escaped
	// value, the output of a structured builder.
	safePiece
	// valuePiece: a value whose content is not known; it can carry @ / ? & =
	// or a space.
	valuePiece
)

// piece is one operand of an assembly, or a run of its constant text.
type piece struct {
	kind pieceKind
	expr ast.Expr // the operand; for constant text of a format, the format
	text string   // constant text
}

// assembly is a DSN built from parts: by fmt.Sprintf and friends, +, +=,
// strings.Join, or writes to a strings.Builder or bytes.Buffer.
type assembly struct {
	how      string     // "fmt.Sprintf", "concatenation", "strings.Join", "a strings.Builder", ...
	site     ast.Node   // the expression or statement that assembles it
	sites    []ast.Node // further sites whose parts were folded in (earlier +=, a Sprintf'd part)
	pieces   []piece
	fi       *funcInfo     // the function the site is in
	sprintf  *ast.CallExpr // the fmt.Sprintf call when the whole assembly is one
	format   string        // the Sprintf's constant format
	rawQuery bool          // given to a url.URL's RawQuery or Opaque, which it writes unescaped
}

// template renders the assembly as a Printf-style template: constant text
// as is, every other operand as %s.
func (a *assembly) template() string {
	var b strings.Builder
	for _, p := range a.pieces {
		if p.kind == constPiece {
			b.WriteString(strings.ReplaceAll(p.text, "%", "%%"))
		} else {
			b.WriteString("%s")
		}
	}
	return b.String()
}

// values returns the operands that can carry DSN syntax, without repeats.
func (a *assembly) values() []ast.Expr {
	var vals []ast.Expr
	seen := make(map[string]bool)
	for _, p := range a.pieces {
		if p.kind != valuePiece {
			continue
		}
		s := types.ExprString(p.expr)
		if !seen[s] {
			seen[s] = true
			vals = append(vals, p.expr)
		}
	}
	return vals
}

// injectable reports whether a value of the assembly can rewrite the DSN. It
// cannot when no operand is a value, or when the one value is the whole DSN
// and only constant options follow it: os.Getenv("DATABASE_URL") +
// "?sslmode=require".
func (a *assembly) injectable() bool {
	var ps []piece
	nvals := 0
	for _, p := range a.pieces {
		if p.kind == constPiece && p.text == "" {
			continue
		}
		if p.kind == valuePiece {
			nvals++
		}
		ps = append(ps, p)
	}
	if nvals == 0 {
		return false
	}
	if nvals == 1 && ps[0].kind == valuePiece {
		if len(ps) == 1 {
			return false // the whole DSN from one value
		}
		next := ps[1]
		if next.kind == safePiece || next.kind == constPiece && strings.IndexByte("?&; \t", next.text[0]) >= 0 {
			return false
		}
	}
	return true
}

// srcKind classifies where a value comes from.
type srcKind int

const (
	srcOpaque   srcKind = iota // a value from elsewhere: a parameter, a field, another package's function
	srcConst                   // a constant
	srcSafe                    // a structured builder's output
	srcAssembly                // assembled from parts
)

// source is one of the values an expression may hold.
type source struct {
	kind srcKind
	expr ast.Expr
	text string // srcConst
	asm  *assembly
}

// tracer follows values back to where they were made.
type tracer struct {
	info   *types.Info
	res    *sqlapi.Resolver
	funcs  *funcs
	steps  int
	active map[ast.Node]bool // definitions being traced: a loop's += reaches itself
}

func (t *tracer) frameAt(pos token.Pos) *frame {
	return &frame{fi: t.funcs.enclosing(pos)}
}

func (t *tracer) budget() bool {
	t.steps++
	return t.steps <= maxSteps
}

// stringConst returns e's value when it is a constant (of any basic kind),
// as the text it prints as.
func (t *tracer) stringConst(e ast.Expr) (string, bool) {
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
func (t *tracer) isNumber(e ast.Expr) bool {
	tv, ok := t.info.Types[e]
	if !ok || tv.Type == nil {
		return false
	}
	b, ok := tv.Type.Underlying().(*types.Basic)
	return ok && b.Info()&(types.IsNumeric|types.IsBoolean) != 0
}

func (t *tracer) isString(e ast.Expr) bool {
	tv, ok := t.info.Types[e]
	if !ok || tv.Type == nil {
		return false
	}
	b, ok := tv.Type.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

// conversion returns the operand of a conversion T(x), or nil.
func (t *tracer) conversion(call *ast.CallExpr) ast.Expr {
	if len(call.Args) != 1 {
		return nil
	}
	if tv, ok := t.info.Types[call.Fun]; ok && tv.IsType() {
		return call.Args[0]
	}
	return nil
}

// sources returns what e may hold, as seen from fr.
func (t *tracer) sources(e ast.Expr, fr *frame) []source {
	if fr == nil {
		fr = &frame{}
	}
	e = ast.Unparen(e)
	if s, ok := t.stringConst(e); ok {
		return []source{{kind: srcConst, expr: e, text: s}}
	}
	if !t.budget() {
		return []source{{kind: srcOpaque, expr: e}}
	}
	switch e := e.(type) {
	case *ast.BinaryExpr:
		if e.Op == token.ADD && t.isString(e) {
			return []source{t.assemble(e, fr)}
		}
	case *ast.Ident:
		if v := localVar(t.info, e); v != nil {
			return t.varSources(v, e.Pos(), fr)
		}
	case *ast.CallExpr:
		return t.callSources(e, fr)
	}
	return []source{{kind: srcOpaque, expr: e}}
}

// varSources returns what the local variable v may hold at pos in fr.
func (t *tracer) varSources(v *types.Var, pos token.Pos, fr *frame) []source {
	if fr == nil || fr.fi == nil || !t.budget() {
		return []source{{kind: srcOpaque}}
	}
	defs, entry, ok := reaching(t.info, fr.fi, v, pos)
	if !ok {
		return []source{{kind: srcOpaque}}
	}
	var srcs []source
	for _, d := range defs {
		srcs = append(srcs, t.defSources(v, d, fr)...)
	}
	if entry {
		srcs = append(srcs, t.outside(v, fr)...)
	}
	return srcs
}

// defSources returns what the definition d gives v.
func (t *tracer) defSources(v *types.Var, d def, fr *frame) []source {
	switch {
	case !d.known:
		return []source{{kind: srcOpaque}}
	case t.active[d.node]:
		return []source{{kind: srcOpaque}} // a loop
	case d.op == token.ADD_ASSIGN:
		t.active[d.node] = true
		defer delete(t.active, d.node)
		b := &asmBuilder{t: t, fr: fr}
		b.varAt(v, d.node.Pos(), nil, 0)
		b.add(d.value, 0)
		return []source{b.done("concatenation", d.node, nil)}
	case d.op != token.DEFINE && d.op != token.ASSIGN:
		return []source{{kind: srcOpaque}}
	case d.value != nil:
		t.active[d.node] = true
		defer delete(t.active, d.node)
		return t.sources(d.value, fr)
	case d.multi != nil:
		if call, ok := ast.Unparen(d.multi).(*ast.CallExpr); ok {
			return t.returned(call, d.index, fr)
		}
		return []source{{kind: srcOpaque}}
	}
	// var v T: the zero value.
	if b, ok := v.Type().Underlying().(*types.Basic); ok && b.Info()&types.IsString != 0 {
		return []source{{kind: srcConst, text: ""}}
	}
	return []source{{kind: srcOpaque}}
}

// outside returns what v holds when fr's function is entered.
func (t *tracer) outside(v *types.Var, fr *frame) []source {
	fi := fr.fi
	if i := paramIndex(t.info, fi, v); i >= 0 {
		if fr.args != nil && i < len(fr.args) {
			return t.sources(fr.args[i], fr.caller)
		}
		return []source{{kind: srcOpaque}}
	}
	// A variable captured by a function literal: what it holds where the
	// literal is written.
	if fi.outer != nil && v.Pos() < fi.node.Pos() {
		return t.varSources(v, fi.node.Pos(), &frame{fi: fi.outer, depth: fr.depth})
	}
	return []source{{kind: srcOpaque}}
}

// callSources returns what the call may return.
func (t *tracer) callSources(call *ast.CallExpr, fr *frame) []source {
	if x := t.conversion(call); x != nil {
		if t.isString(x) {
			return t.sources(x, fr)
		}
		if bs := t.bufferBytes(x); bs != nil {
			return t.callSources(bs, fr)
		}
		return []source{{kind: srcOpaque, expr: call}}
	}
	c, ok := t.res.Resolve(call)
	if !ok {
		return []source{{kind: srcOpaque, expr: call}}
	}
	if how := assembler(c); how != "" {
		return []source{t.assemble(call, fr)}
	}
	if bufferRead(c) {
		if v := localVar(t.info, c.Recv); v != nil && fr.fi != nil {
			return []source{t.assembleBuffer(call, v, fr)}
		}
		return []source{{kind: srcOpaque, expr: call}}
	}
	if c.IsMethod("net/url", "URL", "String") || c.IsMethod("net/url", "URL", "Redacted") {
		// url.URL escapes what it writes, unless it was parsed from an
		// assembled string: then its parts hold what the string held.
		if u := t.parsedFrom(c.Recv, fr); u != nil {
			return t.sources(u, fr)
		}
		// RawQuery and Opaque are written as they are.
		for _, raw := range t.rawParts(c.Recv, fr) {
			for _, src := range t.sources(raw, fr) {
				if src.kind == srcAssembly && src.asm.injectable() {
					src.asm.rawQuery = true
					return []source{src}
				}
			}
		}
		return []source{{kind: srcSafe, expr: call}}
	}
	if sqlapi.SafeDSNPart(c) != sqlapi.NotSafe {
		return []source{{kind: srcSafe, expr: call}}
	}
	return t.returned(call, 0, fr)
}

// returned returns what the i'th result of a same-package function call may
// hold; an opaque source for any other call.
func (t *tracer) returned(call *ast.CallExpr, i int, fr *frame) []source {
	opaque := []source{{kind: srcOpaque, expr: call}}
	c, ok := t.res.Resolve(call)
	if !ok || c.Interface() || c.Via == sqlapi.MethodValue {
		return opaque
	}
	fi := t.funcs.decls[c.Func]
	if fi == nil || fr.depth >= maxDepth || fr.entered(fi) || i >= numResults(fi) {
		return opaque
	}
	callee := &frame{fi: fi, args: c.Args, caller: fr, depth: fr.depth + 1}
	if c.Args == nil {
		callee.args = []ast.Expr{}
	}
	var srcs []source
	for _, ret := range returnsOf(fi) {
		switch {
		case len(ret.Results) == numResults(fi):
			srcs = append(srcs, t.sources(ret.Results[i], callee)...)
		case len(ret.Results) == 0:
			if v := resultVar(t.info, fi, i); v != nil {
				srcs = append(srcs, t.varSources(v, ret.Pos(), callee)...)
			}
		default:
			srcs = append(srcs, source{kind: srcOpaque})
		}
	}
	return srcs
}

// parsedFrom returns the argument of the url.Parse the URL expression u
// comes from, if it does.
func (t *tracer) parsedFrom(u ast.Expr, fr *frame) ast.Expr {
	v := localVar(t.info, u)
	if v == nil || fr.fi == nil {
		return nil
	}
	defs, _, ok := reaching(t.info, fr.fi, v, u.Pos())
	if !ok {
		return nil
	}
	for _, d := range defs {
		var call *ast.CallExpr
		switch {
		case d.multi != nil && d.index == 0:
			call, _ = ast.Unparen(d.multi).(*ast.CallExpr)
		case d.value != nil:
			call, _ = ast.Unparen(d.value).(*ast.CallExpr)
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

// rawParts returns the values given to the RawQuery and Opaque fields of the
// url.URL the local variable u holds, in its composite literal or by
// assignments in fr's function: url.URL writes them without escaping.
func (t *tracer) rawParts(u ast.Expr, fr *frame) []ast.Expr {
	u = ast.Unparen(u)
	if x, ok := u.(*ast.UnaryExpr); ok && x.Op == token.AND {
		u = ast.Unparen(x.X)
	}
	raw := func(name string) bool { return name == "RawQuery" || name == "Opaque" }
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
	v := localVar(t.info, u)
	if v == nil {
		lit(u)
		return parts
	}
	if fr.fi == nil {
		return nil
	}
	for _, d := range assignmentsOf(t.info, fr.fi, v) {
		if d.value != nil {
			lit(d.value)
		}
	}
	inspectBody(fr.fi.body, func(n ast.Node) {
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != len(as.Rhs) {
			return
		}
		for i, l := range as.Lhs {
			if sel, ok := ast.Unparen(l).(*ast.SelectorExpr); ok && raw(sel.Sel.Name) && localVar(t.info, sel.X) == v {
				parts = append(parts, as.Rhs[i])
			}
		}
	})
	return parts
}

// bufferBytes returns the call x when it is buf.Bytes() on a bytes.Buffer.
func (t *tracer) bufferBytes(x ast.Expr) *ast.CallExpr {
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

// assemble builds the assembly of a +, fmt.Sprint* or strings.Join expression.
func (t *tracer) assemble(e ast.Expr, fr *frame) source {
	b := &asmBuilder{t: t, fr: fr}
	how := "concatenation"
	var sprintf *ast.CallExpr
	var format string
	if call, ok := e.(*ast.CallExpr); ok {
		c, _ := t.res.Resolve(call)
		how = assembler(c)
		switch how {
		case "strings.Join":
			b.join(call, 0)
		case "fmt.Sprintf":
			format, _ = b.format(call.Args, 0, 0)
			sprintf = call
		default:
			b.print(call.Args, how == "fmt.Sprintln", 0)
		}
	} else {
		b.add(e, 0)
	}
	src := b.done(how, e, sprintf)
	if src.asm != nil {
		src.asm.format = format
	}
	return src
}

// assembleBuffer builds the assembly of what was written to the local
// strings.Builder or bytes.Buffer v, read at call.
func (t *tracer) assembleBuffer(call *ast.CallExpr, v *types.Var, fr *frame) source {
	b := &asmBuilder{t: t, fr: fr}
	how := "a strings.Builder"
	if sqlapi.IsNamed(v.Type(), "bytes", "Buffer") {
		how = "a bytes.Buffer"
	}
	b.writes(v, 0)
	return b.done(how, call, nil)
}

// asmBuilder collects the pieces of an assembly.
type asmBuilder struct {
	t      *tracer
	fr     *frame
	pieces []piece
	sites  []ast.Node
}

func (b *asmBuilder) done(how string, site ast.Node, sprintf *ast.CallExpr) source {
	return source{kind: srcAssembly, asm: &assembly{
		how:     how,
		site:    site,
		sites:   b.sites,
		pieces:  b.pieces,
		fi:      b.fr.fi,
		sprintf: sprintf,
	}}
}

func (b *asmBuilder) constant(e ast.Expr, text string) {
	b.pieces = append(b.pieces, piece{kind: constPiece, expr: e, text: text})
}

// add appends the pieces of the string operand e.
func (b *asmBuilder) add(e ast.Expr, depth int) {
	t := b.t
	e = ast.Unparen(e)
	if s, ok := t.stringConst(e); ok {
		b.constant(e, s)
		return
	}
	if t.isNumber(e) {
		b.pieces = append(b.pieces, piece{kind: safePiece, expr: e})
		return
	}
	if depth > 8 || !t.budget() {
		b.opaque(e)
		return
	}
	switch x := e.(type) {
	case *ast.BinaryExpr:
		if x.Op == token.ADD {
			b.add(x.X, depth+1)
			b.add(x.Y, depth+1)
			return
		}
	case *ast.Ident:
		if v := localVar(t.info, x); v != nil {
			b.varAt(v, x.Pos(), x, depth+1)
			return
		}
	case *ast.CallExpr:
		if y := t.conversion(x); y != nil && t.isString(y) {
			b.add(y, depth+1)
			return
		}
		if c, ok := t.res.Resolve(x); ok {
			switch assembler(c) {
			case "fmt.Sprintf":
				b.sites = append(b.sites, x)
				b.format(x.Args, 0, depth+1)
				return
			case "fmt.Sprint", "fmt.Sprintln":
				b.sites = append(b.sites, x)
				b.print(x.Args, c.Name() == "Sprintln", depth+1)
				return
			case "strings.Join":
				b.sites = append(b.sites, x)
				b.join(x, depth+1)
				return
			}
		}
	}
	b.opaque(e)
}

// opaque appends e as one operand, safe or not.
func (b *asmBuilder) opaque(e ast.Expr) {
	kind := valuePiece
	if b.t.safe(e, b.fr, 0) {
		kind = safePiece
	}
	b.pieces = append(b.pieces, piece{kind: kind, expr: e})
}

// varAt appends the pieces of the local variable v read at pos: those of its
// definition when exactly one reaches pos and it is a constant or an
// assembly; else v as one operand. use is the identifier read, or nil for
// the implicit read of v += x.
func (b *asmBuilder) varAt(v *types.Var, pos token.Pos, use ast.Expr, depth int) {
	t := b.t
	if use == nil {
		id := ast.NewIdent(v.Name())
		id.NamePos = pos
		use = id
	}
	fi := b.fr.fi
	if fi == nil {
		b.pieces = append(b.pieces, piece{kind: valuePiece, expr: use})
		return
	}
	defs, entry, ok := reaching(t.info, fi, v, pos)
	if !ok {
		b.pieces = append(b.pieces, piece{kind: valuePiece, expr: use})
		return
	}
	if len(defs) == 1 && !entry && defs[0].known {
		d := defs[0]
		switch {
		case d.op == token.ADD_ASSIGN && !t.active[d.node]:
			t.active[d.node] = true
			defer delete(t.active, d.node)
			b.sites = append(b.sites, d.node)
			b.varAt(v, d.node.Pos(), nil, depth+1)
			b.add(d.value, depth+1)
			return
		case d.value != nil && (d.op == token.DEFINE || d.op == token.ASSIGN) && b.inlinable(d.value):
			b.add(d.value, depth+1)
			return
		case d.value == nil && d.multi == nil:
			b.constant(use, "")
			return
		}
	}
	srcs := t.varSources(v, pos, b.fr)
	if len(srcs) == 1 && srcs[0].kind == srcConst {
		b.constant(use, srcs[0].text) // a parameter given a constant by the call entered
		return
	}
	kind := valuePiece
	if t.allSafe(srcs) {
		kind = safePiece
	}
	b.pieces = append(b.pieces, piece{kind: kind, expr: use})
}

// inlinable reports whether a variable's value is folded into the assembly
// that reads the variable: a constant, a concatenation, a fmt.Sprint* or a
// strings.Join.
func (b *asmBuilder) inlinable(e ast.Expr) bool {
	e = ast.Unparen(e)
	if _, ok := b.t.stringConst(e); ok {
		return true
	}
	switch e := e.(type) {
	case *ast.BinaryExpr:
		return e.Op == token.ADD
	case *ast.CallExpr:
		if c, ok := b.t.res.Resolve(e); ok {
			return assembler(c) != ""
		}
	}
	return false
}

// format appends the pieces of a Printf-style call whose format is
// args[fmtIndex], and returns the format when it is constant.
func (b *asmBuilder) format(args []ast.Expr, fmtIndex, depth int) (string, bool) {
	if fmtIndex >= len(args) {
		return "", false
	}
	fmtArg := args[fmtIndex]
	operands := args[fmtIndex+1:]
	format, ok := b.t.stringConst(fmtArg)
	if !ok || !b.t.isString(fmtArg) {
		// A format that is not constant: every part is an operand.
		b.add(fmtArg, depth)
		for _, a := range operands {
			b.operand(a, 's', depth)
		}
		return "", false
	}
	used := make([]bool, len(operands))
	argNum := 0
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			b.constant(fmtArg, lit.String())
			lit.Reset()
		}
	}
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			lit.WriteByte(format[i])
			continue
		}
		i++
		if i < len(format) && format[i] == '%' {
			lit.WriteByte('%')
			continue
		}
		// Flags, argument indexes, width and precision.
		for i < len(format) {
			ch := format[i]
			switch {
			case strings.IndexByte("+-# 0.", ch) >= 0 || '0' <= ch && ch <= '9':
				i++
				continue
			case ch == '*':
				if argNum < len(used) {
					used[argNum] = true
				}
				argNum++
				i++
				continue
			case ch == '[':
				j := strings.IndexByte(format[i:], ']')
				if j < 0 {
					i = len(format)
					break
				}
				n := 0
				for _, d := range format[i+1 : i+j] {
					if d < '0' || d > '9' {
						n = -1
						break
					}
					if n >= 0 {
						n = n*10 + int(d-'0')
					}
				}
				if n > 0 {
					argNum = n - 1
				}
				i += j + 1
				continue
			}
			break
		}
		if i >= len(format) {
			break
		}
		verb := format[i]
		flush()
		if argNum < len(operands) {
			used[argNum] = true
			b.operand(operands[argNum], verb, depth)
		}
		argNum++
	}
	flush()
	for k, a := range operands {
		if !used[k] {
			b.operand(a, 'v', depth) // %!(EXTRA ...) prints it too
		}
	}
	return format, true
}

// operand appends a Printf operand formatted with verb.
func (b *asmBuilder) operand(e ast.Expr, verb byte, depth int) {
	switch verb {
	case 'T', 'p':
		b.pieces = append(b.pieces, piece{kind: safePiece, expr: e})
		return
	case 'x', 'X':
		b.pieces = append(b.pieces, piece{kind: safePiece, expr: e}) // hexadecimal digits
		return
	}
	b.add(e, depth)
}

// print appends the pieces of fmt.Sprint or fmt.Sprintln arguments.
func (b *asmBuilder) print(args []ast.Expr, ln bool, depth int) {
	for i, a := range args {
		if ln && i > 0 {
			b.constant(nil, " ")
		}
		b.add(a, depth)
	}
	if ln {
		b.constant(nil, "\n")
	}
}

// join appends the pieces of strings.Join(elems, sep) when the elements can
// be seen: a composite literal, or a local slice built from one with
// appends; else the call as one operand.
func (b *asmBuilder) join(call *ast.CallExpr, depth int) {
	if len(call.Args) != 2 {
		b.opaque(call)
		return
	}
	elems, ok := b.t.elements(call.Args[0], b.fr)
	if !ok {
		b.pieces = append(b.pieces, piece{kind: valuePiece, expr: call.Args[0]})
		return
	}
	for i, el := range elems {
		if i > 0 {
			b.add(call.Args[1], depth)
		}
		b.add(el, depth)
	}
}

// elements returns the elements of a []string expression built in sight.
func (t *tracer) elements(e ast.Expr, fr *frame) ([]ast.Expr, bool) {
	e = ast.Unparen(e)
	if lit, ok := e.(*ast.CompositeLit); ok {
		return litElems(lit), true
	}
	v := localVar(t.info, e)
	if v == nil || fr.fi == nil || v.Pos() < fr.fi.body.Pos() || v.Pos() >= fr.fi.body.End() {
		return nil, false // a parameter, or a variable of an enclosing function
	}
	var elems []ast.Expr
	for _, d := range assignmentsOf(t.info, fr.fi, v) {
		if !d.known || d.multi != nil {
			return nil, false
		}
		if d.value == nil {
			continue // var parts []string
		}
		switch x := ast.Unparen(d.value).(type) {
		case *ast.CompositeLit:
			elems = append(elems, litElems(x)...)
			continue
		case *ast.CallExpr:
			if id, ok := ast.Unparen(x.Fun).(*ast.Ident); ok && x.Ellipsis == token.NoPos && len(x.Args) > 0 {
				if bi, ok := t.info.Uses[id].(*types.Builtin); ok && bi.Name() == "append" && localVar(t.info, x.Args[0]) == v {
					elems = append(elems, x.Args[1:]...)
					continue
				}
			}
		}
		return nil, false
	}
	return elems, true
}

func litElems(lit *ast.CompositeLit) []ast.Expr {
	var elems []ast.Expr
	for _, el := range lit.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			el = kv.Value
		}
		elems = append(elems, el)
	}
	return elems
}

// writes appends the pieces written to the local builder v in fr's function:
// WriteString, Write([]byte(s)), WriteByte, WriteRune, and fmt.Fprint* into
// it, in source order. Writes made elsewhere (v passed to another function)
// cannot be seen.
func (b *asmBuilder) writes(v *types.Var, depth int) {
	t := b.t
	is := func(e ast.Expr) bool {
		e = ast.Unparen(e)
		if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
			e = ast.Unparen(u.X)
		}
		return localVar(t.info, e) == v
	}
	inspectBody(b.fr.fi.body, func(n ast.Node) {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return
		}
		c, ok := t.res.Resolve(call)
		if !ok {
			return
		}
		if c.Recv != nil && is(c.Recv) && len(c.Args) == 1 &&
			(sqlapi.IsNamed(c.Func.Signature().Recv().Type(), "strings", "Builder") || sqlapi.IsNamed(c.Func.Signature().Recv().Type(), "bytes", "Buffer")) {
			arg := c.Args[0]
			switch c.Name() {
			case "WriteString":
				b.sites = append(b.sites, call)
				b.add(arg, depth)
			case "Write":
				b.sites = append(b.sites, call)
				if conv, ok := ast.Unparen(arg).(*ast.CallExpr); ok {
					if y := t.conversion(conv); y != nil && t.isString(y) {
						b.add(y, depth)
						return
					}
				}
				b.pieces = append(b.pieces, piece{kind: valuePiece, expr: arg})
			case "WriteByte", "WriteRune":
				if s, ok := t.stringConst(arg); ok {
					if tv := t.info.Types[arg]; tv.Value != nil {
						if r, ok := constant.Int64Val(tv.Value); ok {
							s = string(rune(r))
						}
					}
					b.constant(arg, s)
				} else {
					b.pieces = append(b.pieces, piece{kind: valuePiece, expr: arg})
				}
			}
			return
		}
		if len(call.Args) > 0 && is(call.Args[0]) {
			switch {
			case c.IsFunc("fmt", "Fprintf"):
				b.sites = append(b.sites, call)
				b.format(call.Args, 1, depth)
			case c.IsFunc("fmt", "Fprint"), c.IsFunc("fmt", "Fprintln"):
				b.sites = append(b.sites, call)
				b.print(call.Args[1:], c.Name() == "Fprintln", depth)
			}
		}
	})
}

// safe reports whether e cannot carry DSN syntax: a constant, a number, a
// value escaped by url.QueryEscape/PathEscape (or a function whose name says
// it escapes or quotes), a structured builder's output, or a local variable
// that only ever holds such values.
func (t *tracer) safe(e ast.Expr, fr *frame, depth int) bool {
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
		if sqlapi.SafeDSNPart(c) != sqlapi.NotSafe {
			return true
		}
		name := strings.ToLower(c.Name())
		if strings.Contains(name, "escape") || strings.Contains(name, "quote") {
			return true
		}
		return t.allSafe(t.returned(x, 0, fr))
	case *ast.Ident:
		if v := localVar(t.info, x); v != nil && fr != nil && fr.fi != nil {
			return t.allSafe(t.varSources(v, x.Pos(), fr))
		}
	}
	return false
}

// allSafe reports whether every source is a constant, a builder's output, or
// an assembly of safe parts.
func (t *tracer) allSafe(srcs []source) bool {
	if len(srcs) == 0 {
		return false
	}
	for _, s := range srcs {
		switch s.kind {
		case srcConst, srcSafe:
		case srcAssembly:
			for _, p := range s.asm.pieces {
				if p.kind == valuePiece {
					return false
				}
			}
		default:
			return false
		}
	}
	return true
}
