package rowsclose

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"

	"github.com/dbpoollint/dbpoollint/internal/analyzerdoc"
	"github.com/dbpoollint/dbpoollint/internal/flow"
	"github.com/dbpoollint/dbpoollint/internal/ignore"
	"github.com/dbpoollint/dbpoollint/internal/lifecycle"
	"github.com/dbpoollint/dbpoollint/internal/scope"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

//go:embed doc.go
var doc string

// Diagnostic categories.
const (
	// CategoryNotClosed: rows not closed on some path.
	CategoryNotClosed = "rows-not-closed"
	// CategoryDrainedOnly: rows released only by reading them to the end.
	CategoryDrainedOnly = "rows-drained-only"
	// CategoryDiscarded: the result of Query or QueryContext is discarded.
	CategoryDiscarded = "query-result-discarded"
	// CategoryRowNotScanned: a *sql.Row that is never scanned on some path.
	CategoryRowNotScanned = "row-not-scanned"
	// CategoryDeferInLoop: defer rows.Close() in a loop whose iterations do
	// not read the rows to the end.
	CategoryDeferInLoop = "rows-defer-in-loop"
)

// Analyzer is rowsclose with its default settings.
var Analyzer = New()

// New returns a fresh rowsclose analyzer with its own flags.
func New() *analysis.Analyzer {
	c := new(checker)
	a := &analysis.Analyzer{
		Name:     "rowsclose",
		Doc:      analyzerdoc.Extract(doc, "rowsclose"),
		URL:      "https://github.com/dbpoollint/dbpoollint#rowsclose",
		Requires: []*analysis.Analyzer{scope.Analyzer},
		Run:      ignore.Wrap(c.run),
	}
	a.Flags.BoolVar(&c.trustDrain, "trust-drain", false,
		"do not report rows that are released only by reading them to the end (Next returning false) without Close")
	return a
}

type checker struct {
	trustDrain bool
}

func (c *checker) run(pass *analysis.Pass) (any, error) {
	pkg := scope.Of(pass)
	if !pkg.Reaches {
		return nil, nil
	}
	res := pkg.Resolver()
	for _, h := range lifecycle.Of(pass).Kinds(sqlapi.Rows, sqlapi.Row) {
		if h.Kind == sqlapi.Row {
			c.reportRow(pass, res, h)
		} else {
			c.reportRows(pass, res, h)
		}
	}
	return nil, nil
}

func (c *checker) reportRows(pass *analysis.Pass, res *sqlapi.Resolver, h *lifecycle.Handle) {
	line := func(p token.Pos) int { return pass.Fset.Position(p).Line }
	switch h.Fate {
	case lifecycle.Discarded:
		exec, fix := execTwin(pass, res, h)
		msg := fmt.Sprintf("the rows returned by %s are discarded and never closed, so their connection stays checked out of the pool", h.Producer)
		if h.OnTx {
			msg = fmt.Sprintf("the rows returned by %s are discarded and never closed, so they keep the transaction's connection busy until it ends", h.Producer)
		}
		if exec != "" {
			msg += "; use " + exec + " for a statement whose rows are not read"
		}
		pass.Report(analysis.Diagnostic{
			Pos: h.Call.Pos(), End: h.Call.End(), Category: CategoryDiscarded, Message: msg,
			SuggestedFixes: fix,
		})
		return
	case lifecycle.Tracked:
	default:
		return
	}
	consequence := "their connection stays checked out of the pool"
	if h.OnTx {
		consequence = "they keep the transaction's connection busy until it ends"
	}
	for i, x := range h.Leaks {
		d := analysis.Diagnostic{
			Pos: x.Pos, End: x.End, Category: CategoryNotClosed,
			Message: fmt.Sprintf("%s (from %s at line %d) are not closed %s; %s",
				h.Var.Name(), h.Producer, line(h.Call.Pos()), h.Where(pass.Fset, x), consequence),
		}
		if i == 0 {
			if fix := lifecycle.DeferFix(pass.Fset, pass.TypesInfo, h, "Close"); fix != nil {
				d.SuggestedFixes = []analysis.SuggestedFix{*fix}
			}
		}
		pass.Report(d)
	}
	if len(h.Leaks) == 0 && len(h.Drains) > 0 && !c.trustDrain {
		dr := h.Drains[0]
		when := fmt.Sprintf("%s.Next() at line %d returns false", h.Var.Name(), line(dr.Pos))
		if dr.Callee != "" {
			when = fmt.Sprintf("%s at line %d reads them to the end", dr.Callee, line(dr.Pos))
		}
		d := analysis.Diagnostic{
			Pos: h.Call.Pos(), End: h.Call.End(), Category: CategoryDrainedOnly,
			Message: fmt.Sprintf("%s (from %s) are released only when %s: a panic, or a return or break before that, would leak the connection; defer %s.Close()",
				h.Var.Name(), h.Producer, when, h.Var.Name()),
		}
		if fix := lifecycle.DeferFix(pass.Fset, pass.TypesInfo, h, "Close"); fix != nil {
			d.SuggestedFixes = []analysis.SuggestedFix{*fix}
		}
		pass.Report(d)
	}
	if h.DeferInLoop != nil {
		pass.Report(analysis.Diagnostic{
			Pos: h.DeferInLoop.Pos(), End: h.DeferInLoop.End(), Category: CategoryDeferInLoop,
			Message: fmt.Sprintf("deferred close runs only when the function returns: every iteration of the loop at line %d keeps its %s (from %s) open and a connection checked out; close them at the end of each iteration",
				line(h.Loop.Pos()), h.Var.Name(), h.Producer),
		})
	}
}

func (c *checker) reportRow(pass *analysis.Pass, res *sqlapi.Resolver, h *lifecycle.Handle) {
	line := func(p token.Pos) int { return pass.Fset.Position(p).Line }
	switch h.Fate {
	case lifecycle.Discarded:
		what := "never scanned"
		if h.Chained != "" {
			what = fmt.Sprintf("never scanned (only %s is called)", h.Chained)
		}
		exec, fix := execTwin(pass, res, h)
		msg := fmt.Sprintf("the row returned by %s is %s, so its connection stays checked out of the pool; call Scan", h.Producer, what)
		if exec != "" {
			msg += ", or use " + exec + " for a statement whose result is not read"
		}
		pass.Report(analysis.Diagnostic{
			Pos: h.Call.Pos(), End: h.Call.End(), Category: CategoryRowNotScanned, Message: msg,
			SuggestedFixes: fix,
		})
	case lifecycle.Tracked:
		for _, x := range h.Leaks {
			pass.Report(analysis.Diagnostic{
				Pos: x.Pos, End: x.End, Category: CategoryRowNotScanned,
				Message: fmt.Sprintf("%s (from %s at line %d) is not scanned %s; its connection stays checked out of the pool",
					h.Var.Name(), h.Producer, line(h.Call.Pos()), h.Where(pass.Fset, x)),
			})
		}
	}
}

// execTwins maps query methods to the Exec method taking the same
// arguments.
var execTwins = map[string]string{
	"Query":            "Exec",
	"Queryx":           "Exec",
	"QueryRow":         "Exec",
	"QueryRowx":        "Exec",
	"QueryContext":     "ExecContext",
	"QueryxContext":    "ExecContext",
	"QueryRowContext":  "ExecContext",
	"QueryRowxContext": "ExecContext",
}

// execTwin names the Exec method to use instead of a discarded query, and
// offers the fix that renames the call when the receiver has it with the
// same parameters and the result is not used (an expression statement, or
// for rows an assignment of both results).
func execTwin(pass *analysis.Pass, res *sqlapi.Resolver, h *lifecycle.Handle) (string, []analysis.SuggestedFix) {
	call, ok := res.Resolve(h.Call)
	if !ok || call.Recv == nil || call.Via != sqlapi.Direct {
		return "", nil
	}
	twin, ok := execTwins[call.Name()]
	if !ok {
		return "", nil
	}
	recvT := pass.TypesInfo.TypeOf(call.Recv)
	if recvT == nil {
		return "", nil
	}
	obj, _, _ := types.LookupFieldOrMethod(recvT, true, call.Func.Pkg(), twin)
	m, ok := obj.(*types.Func)
	if !ok {
		return "", nil
	}
	qsig, _ := call.Func.Type().(*types.Signature)
	esig, _ := m.Type().(*types.Signature)
	if qsig == nil || esig == nil || !types.Identical(qsig.Params(), esig.Params()) || qsig.Variadic() != esig.Variadic() {
		return "", nil
	}
	sel, ok := ast.Unparen(h.Call.Fun).(*ast.SelectorExpr)
	if !ok {
		return "", nil
	}
	name := types.ExprString(call.Recv) + "." + twin
	if len(name) > 40 {
		name = twin
	}
	if !resultUnused(h) {
		return name, nil
	}
	return name, []analysis.SuggestedFix{{
		Message:   fmt.Sprintf("Use %s", twin),
		TextEdits: []analysis.TextEdit{{Pos: sel.Sel.Pos(), End: sel.Sel.End(), NewText: []byte(twin)}},
	}}
}

// resultUnused reports whether the call is an expression statement, or a
// two-valued query assigned to _ and an error variable, so that renaming it
// to Exec keeps the code compiling.
func resultUnused(h *lifecycle.Handle) bool {
	switch h.Dest.Kind {
	case flow.Dropped:
		return h.Dest.Cursor.ParentEdgeKind() == edge.ExprStmt_X
	case flow.Blank:
		as, ok := h.Dest.Stmt.Node().(*ast.AssignStmt)
		return ok && len(as.Rhs) == 1 && len(as.Lhs) == 2
	}
	return false
}
