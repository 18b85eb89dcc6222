package maxopenzero

// This file holds -require-limit: a database/sql pool that never gets a
// positive SetMaxOpenConns before it escapes.

import (
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"

	"github.com/dbpoollint/dbpoollint/internal/flow"
	"github.com/dbpoollint/dbpoollint/internal/lifecycle"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// checkLimits implements -require-limit, reading the lifecycle of every
// pool of the package.
// A pool of test code (unless -tests) and a pool the function opens,
// uses and closes itself (a one-off pool: the rule is about long-lived ones)
// are not reported.
func (c *pkgRun) checkLimits() {
	pass, res := c.pass, c.res
	l := &limits{pass: pass, res: res, lc: lifecycle.Of(pass)}
	for _, h := range l.lc.Kinds(sqlapi.DB) {
		call, ok := res.Resolve(h.Call)
		if !ok {
			continue
		}
		if o, ok := sqlapi.OpenerOf(call); !ok || !o.SQLDB {
			continue
		}
		if c.skipTests(h.Call) || closedHere(h) {
			continue
		}
		l.related = nil
		if reason := l.unlimited(h, 0); reason != "" {
			pass.Report(analysis.Diagnostic{
				Pos:      h.Call.Pos(),
				End:      h.Call.End(),
				Category: CategoryNoLimit,
				Message:  fmt.Sprintf("pool with no SetMaxOpenConns (%s): Go's default is no limit, so a traffic spike exhausts the database; set one", reason),
				Related:  l.related,
			})
		}
	}
}

type limits struct {
	pass    *analysis.Pass
	res     *sqlapi.Resolver
	lc      *lifecycle.Result
	related []analysis.RelatedInformation // the callers that set no limit on a returned pool
}

// unlimited decides whether the pool h is left without a limit, and says
// where it goes then ("returned to the caller", "stored in s.db", ...); ""
// means it is limited, or handed to code that cannot be seen.
func (l *limits) unlimited(h *lifecycle.Handle, depth int) string {
	switch d := h.Dest; d.Kind {
	case flow.Returned:
		return l.returned(h.Func, depth)
	case flow.Blank:
		return "discarded"
	case flow.Stored:
		return "stored in " + types.ExprString(d.Lhs)
	case flow.Bound:
		if h.Fate != lifecycle.Tracked {
			// A package variable or a variable of an enclosing function.
			if l.setsLimit(h.Func, d.Var) {
				return ""
			}
			if d.Var.Parent() == l.pass.Pkg.Scope() {
				return "stored in " + d.Var.Name()
			}
			return "used here"
		}
	default:
		return "" // passed on, or used where it is opened: the pool's next owner's business
	}
	for _, u := range h.Uses {
		if u.Setting == "SetMaxOpenConns" {
			return "" // a constant limit <= 0 is reported on its own; one finding is enough
		}
	}
	if h.Escape == lifecycle.Returned {
		return l.returned(h.Func, depth)
	}
	return "used here"
}

// returned decides for a pool returned unlimited by f: fine when f has
// callers in this package and each of them limits what it gets.
func (l *limits) returned(f *flow.Func, depth int) string {
	if f == nil || f.Obj == nil || depth > 3 {
		return "returned"
	}
	callers := l.lc.ProducedBy(f.Obj)
	if len(callers) == 0 {
		return "returned"
	}
	for _, c := range callers {
		if reason := l.unlimited(c, depth+1); reason != "" {
			l.related = append(l.related, analysis.RelatedInformation{Pos: c.Call.Pos(), End: c.Call.End(), Message: f.Obj.Name() + "'s caller, which sets no limit"})
			return fmt.Sprintf("returned by %s, whose caller sets none", f.Obj.Name())
		}
	}
	return ""
}

// setsLimit reports whether f calls v.SetMaxOpenConns, for a variable the
// lifecycle does not follow (a package variable).
func (l *limits) setsLimit(f *flow.Func, v *types.Var) bool {
	for _, c := range f.Uses(v) {
		if c.ParentEdgeKind() != edge.SelectorExpr_X || c.Parent().ParentEdgeKind() != edge.CallExpr_Fun {
			continue
		}
		if call, ok := l.res.Resolve(c.Parent().Parent().Node().(*ast.CallExpr)); ok && isSetMaxOpenConns(call) {
			return true
		}
	}
	return false
}

// closedHere reports whether the function that opens the pool closes it
// and lets it go nowhere else.
func closedHere(h *lifecycle.Handle) bool {
	if h.Fate != lifecycle.Tracked || h.Escapes || h.Escape != lifecycle.Stays {
		return false
	}
	for _, u := range h.Uses {
		if u.Release {
			return true
		}
	}
	return false
}
