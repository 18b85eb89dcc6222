package assembly

// This file collects the pieces of an assembly: the operands of a +, a
// format's verbs, strings.Join's elements, a builder's writes.

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"github.com/dbpoollint/dbpoollint/internal/flow"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// assemble builds the assembly of a +, fmt.Sprint* or strings.Join expression.
func (t *Tracer) assemble(e ast.Expr, fr *frame) Source {
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
	if src.Asm != nil {
		src.Asm.Format = format
	}
	return src
}

// assembleBuffer builds the assembly of what was written to the local
// strings.Builder or bytes.Buffer v, read at call.
func (t *Tracer) assembleBuffer(call *ast.CallExpr, v *types.Var, fr *frame) Source {
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
	t      *Tracer
	fr     *frame
	pieces []Piece
	sites  []ast.Node
}

func (b *asmBuilder) done(how string, site ast.Node, sprintf *ast.CallExpr) Source {
	return Source{Kind: Assembled, Asm: &Assembly{
		How:     how,
		Site:    site,
		Sites:   b.sites,
		Pieces:  b.pieces,
		Func:    b.fr.fi,
		Sprintf: sprintf,
	}}
}

func (b *asmBuilder) constant(e ast.Expr, text string) {
	b.pieces = append(b.pieces, Piece{Kind: Const, Expr: e, Text: text})
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
		b.pieces = append(b.pieces, Piece{Kind: Safe, Expr: e})
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
		if v := t.fl.LocalVar(x); v != nil {
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
	kind := Value
	if b.t.safe(e, b.fr, 0) {
		kind = Safe
	}
	b.pieces = append(b.pieces, Piece{Kind: kind, Expr: e})
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
		b.pieces = append(b.pieces, Piece{Kind: Value, Expr: use})
		return
	}
	defs, entry, ok := fi.Reaching(v, pos)
	if !ok {
		b.pieces = append(b.pieces, Piece{Kind: Value, Expr: use})
		return
	}
	if len(defs) == 1 && !entry && defs[0].Known {
		d := defs[0]
		switch {
		case d.Assign.Tok == token.ADD_ASSIGN && !t.active[d.Node]:
			t.active[d.Node] = true
			defer delete(t.active, d.Node)
			b.sites = append(b.sites, d.Node)
			b.varAt(v, d.Node.Pos(), nil, depth+1)
			b.add(d.Assign.Rhs, depth+1)
			return
		case d.Assign.Rhs != nil && (d.Assign.Tok == token.DEFINE || d.Assign.Tok == token.ASSIGN || d.Assign.Tok == token.VAR) && b.inlinable(d.Assign.Rhs):
			b.add(d.Assign.Rhs, depth+1)
			return
		case d.Assign.Rhs == nil && d.Assign.Multi == nil:
			b.constant(use, "")
			return
		}
	}
	srcs := t.varSources(v, pos, b.fr)
	if len(srcs) == 1 && srcs[0].Kind == Constant {
		b.constant(use, srcs[0].Text) // a parameter given a constant by the call entered
		return
	}
	kind := Value
	if t.allSafe(srcs) {
		kind = Safe
	}
	b.pieces = append(b.pieces, Piece{Kind: kind, Expr: use})
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
		b.pieces = append(b.pieces, Piece{Kind: Safe, Expr: e})
		return
	case 'x', 'X':
		b.pieces = append(b.pieces, Piece{Kind: Safe, Expr: e}) // hexadecimal digits
		return
	}
	n := len(b.pieces)
	b.add(e, depth)
	if verb == 'q' {
		for i := n; i < len(b.pieces); i++ {
			b.pieces[i].Quoted = true
		}
	}
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
		b.pieces = append(b.pieces, Piece{Kind: Value, Expr: call.Args[0]})
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
func (t *Tracer) elements(e ast.Expr, fr *frame) ([]ast.Expr, bool) {
	e = ast.Unparen(e)
	if lit, ok := e.(*ast.CompositeLit); ok {
		return litElems(lit), true
	}
	v := t.fl.LocalVar(e)
	if v == nil || fr.fi == nil || v.Pos() < fr.fi.Body.Pos() || v.Pos() >= fr.fi.Body.End() {
		return nil, false // a parameter, or a variable of an enclosing function
	}
	var elems []ast.Expr
	for _, d := range fr.fi.Defs(v) {
		if !d.Known || d.Assign.Multi != nil {
			return nil, false
		}
		if d.Assign.Rhs == nil {
			continue // var parts []string
		}
		switch x := ast.Unparen(d.Assign.Rhs).(type) {
		case *ast.CompositeLit:
			elems = append(elems, litElems(x)...)
			continue
		case *ast.CallExpr:
			if id, ok := ast.Unparen(x.Fun).(*ast.Ident); ok && x.Ellipsis == token.NoPos && len(x.Args) > 0 {
				if bi, ok := t.info.Uses[id].(*types.Builtin); ok && bi.Name() == "append" && t.fl.LocalVar(x.Args[0]) == v {
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
		return t.fl.LocalVar(e) == v
	}
	flow.Inspect(b.fr.fi.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		c, ok := t.res.Resolve(call)
		if !ok {
			return true
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
						return true
					}
				}
				b.pieces = append(b.pieces, Piece{Kind: Value, Expr: arg})
			case "WriteByte", "WriteRune":
				if s, ok := t.stringConst(arg); ok {
					if tv := t.info.Types[arg]; tv.Value != nil {
						if r, ok := constant.Int64Val(tv.Value); ok {
							s = string(rune(r))
						}
					}
					b.constant(arg, s)
				} else {
					b.pieces = append(b.pieces, Piece{Kind: Value, Expr: arg})
				}
			}
			return true
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
		return true
	})
}
