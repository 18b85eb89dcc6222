// Package assembly knows how a string value is made: the constant text and
// the operands spliced into it by +, +=, fmt.Sprint*, strings.Join, or the
// writes to a strings.Builder or a bytes.Buffer, followed back through the
// reaching definitions of local variables and into the same-package
// functions that return the string or are given its parts. dsninject reads
// it to tell a DSN assembled from values from one built by a structured
// builder.
package assembly

import (
	"go/ast"
	"go/types"
	"strings"

	"github.com/dbpoollint/dbpoollint/internal/flow"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// maxDepth bounds how many same-package calls the tracer enters.
const maxDepth = 4

// maxSteps bounds the work spent on one traced value.
const maxSteps = 2000

// PieceKind classifies an operand of an assembly.
type PieceKind int

const (
	// Const: constant text.
	Const PieceKind = iota
	// Safe: a value that cannot carry separators: a number, an escaped
	// value, the output of a structured builder.
	Safe
	// Value: a value whose content is not known; it can carry anything.
	Value
)

// Piece is one operand of an assembly, or a run of its constant text.
type Piece struct {
	Kind PieceKind
	Expr ast.Expr // the operand; for constant text of a format, the format
	Text string   // constant text
	// Quoted is set on the pieces of an operand formatted by %q (read it on
	// Value pieces): the value is printed Go-quoted, between double quotes
	// with its quotes and backslashes escaped.
	Quoted bool
}

// Assembly is a string built from parts: by fmt.Sprintf and friends, +, +=,
// strings.Join, or writes to a strings.Builder or bytes.Buffer.
type Assembly struct {
	How      string     // "fmt.Sprintf", "concatenation", "strings.Join", "a strings.Builder", ...
	Site     ast.Node   // the expression or statement that assembles it
	Sites    []ast.Node // further sites whose parts were folded in (earlier +=, a Sprintf'd part)
	Pieces   []Piece
	Func     *flow.Func    // the function the site is in
	Sprintf  *ast.CallExpr // the fmt.Sprintf call when the whole assembly is one
	Format   string        // the Sprintf's constant format
	RawQuery bool          // given to a url.URL's RawQuery or Opaque, which it writes unescaped
	// UserEscaped is set when the assembly reaches the DSN through a
	// url.URL (parsed from it, or its RawQuery) whose userinfo is set by
	// url.UserPassword or url.User, which escape the password.
	UserEscaped bool
}

// Template renders the assembly as a Printf-style template: constant text
// as is, every other operand as %s.
func (a *Assembly) Template() string {
	var b strings.Builder
	for _, p := range a.Pieces {
		if p.Kind == Const {
			b.WriteString(strings.ReplaceAll(p.Text, "%", "%%"))
		} else {
			b.WriteString("%s")
		}
	}
	return b.String()
}

// Values returns the operands that can carry anything, without repeats.
func (a *Assembly) Values() []ast.Expr {
	var vals []ast.Expr
	seen := make(map[string]bool)
	for _, p := range a.Pieces {
		if p.Kind != Value {
			continue
		}
		s := types.ExprString(p.Expr)
		if !seen[s] {
			seen[s] = true
			vals = append(vals, p.Expr)
		}
	}
	return vals
}

// SourceKind classifies where a value comes from.
type SourceKind int

const (
	Opaque    SourceKind = iota // a value from elsewhere: a parameter, a field, another package's function
	Constant                    // a constant
	Built                       // a structured builder's output
	Assembled                   // assembled from parts
)

// Source is one of the values an expression may hold.
type Source struct {
	Kind SourceKind
	Expr ast.Expr
	Text string // Constant
	Asm  *Assembly
}

// Tracer follows string values back to where they were made, in one
// package.
type Tracer struct {
	fl   *flow.Package
	info *types.Info
	res  *sqlapi.Resolver
	// safe reports whether a call returns text that cannot carry the
	// separators the reader cares about (an escaper, a structured builder).
	safeCall func(sqlapi.Call) bool
	steps    int
	active   map[ast.Node]bool // definitions being traced: a loop's += reaches itself

	// The calls of the package's functions, and those named otherwise than
	// as a callee, and the names of its interfaces' methods called (see
	// callsOf), indexed on first use.
	calls        map[*types.Func][]*ast.CallExpr
	escaped      map[*types.Func]bool
	ifaceMethods map[string]bool
}

// New returns a Tracer for the package of fl. safe reports the calls whose
// result cannot carry separators.
func New(fl *flow.Package, res *sqlapi.Resolver, safe func(sqlapi.Call) bool) *Tracer {
	return &Tracer{fl: fl, info: fl.Info, res: res, safeCall: safe, active: make(map[ast.Node]bool)}
}

// Sources returns what e may hold, seen from where it is.
func (t *Tracer) Sources(e ast.Expr) []Source {
	t.steps = 0
	return t.sources(e, t.frameAt(e.Pos()))
}

// Assemble returns the assembly of e, a +, fmt.Sprint* or strings.Join
// expression.
func (t *Tracer) Assemble(e ast.Expr) Source {
	t.steps = 0
	return t.assemble(e, t.frameAt(e.Pos()))
}

// Safe reports whether e cannot carry separators (see the tracer's safe).
func (t *Tracer) Safe(e ast.Expr) bool {
	t.steps = 0
	return t.safe(e, t.frameAt(e.Pos()), 0)
}

// frame is a function being read: the function the traced expression sits
// in, or a same-package helper entered through a call, whose parameters then
// hold the call's arguments.
type frame struct {
	fi     *flow.Func
	args   []ast.Expr // the call's arguments, after the receiver; nil at the top
	caller *frame
	depth  int
	// up counts the callers a parameter was followed back through (see
	// fromCallers).
	up int
}

func (fr *frame) entered(fi *flow.Func) bool {
	for f := fr; f != nil; f = f.caller {
		if f.fi == fi {
			return true
		}
	}
	return false
}
