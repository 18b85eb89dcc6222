package connleak

import (
	_ "embed"
	"fmt"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/dbpoollint/dbpoollint/internal/analyzerdoc"
	"github.com/dbpoollint/dbpoollint/internal/ignore"
	"github.com/dbpoollint/dbpoollint/internal/lifecycle"
	"github.com/dbpoollint/dbpoollint/internal/scope"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

//go:embed doc.go
var doc string

// Diagnostic categories.
const (
	// CategoryTx: a transaction neither committed nor rolled back on some path.
	CategoryTx = "tx-not-ended"
	// CategoryConn: a connection not closed on some path.
	CategoryConn = "conn-not-closed"
	// CategoryStmt: a prepared statement not closed on some path.
	CategoryStmt = "stmt-not-closed"
	// CategoryBatch: a batch's results (pgx.BatchResults) not closed on
	// some path.
	CategoryBatch = "batch-not-closed"
	// CategoryPoolReassigned: a pool variable assigned another pool while
	// the first is open.
	CategoryPoolReassigned = "pool-reassigned"
)

// Analyzer is connleak with its default settings.
var Analyzer = New()

// New returns a fresh connleak analyzer.
func New() *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:     "connleak",
		Doc:      analyzerdoc.Extract(doc, "connleak"),
		URL:      "https://github.com/dbpoollint/dbpoollint#connleak",
		Requires: []*analysis.Analyzer{scope.Analyzer},
		Run:      ignore.Wrap(run),
	}
}

// kindText is what the messages say of each kind of handle.
type kindText struct {
	category string
	noun     string // "transaction"
	notDone  string // "is left open"
	never    string // "never ended"
	result   string // the consequence
}

var texts = map[sqlapi.Handle]kindText{
	sqlapi.Tx: {
		category: CategoryTx, noun: "transaction", notDone: "is left open", never: "never ended",
		result: "holding its connection and locks",
	},
	sqlapi.Conn: {
		category: CategoryConn, noun: "connection", notDone: "is not %s", never: "never %s",
		result: "so it never returns to the pool",
	},
	sqlapi.Stmt: {
		category: CategoryStmt, noun: "statement", notDone: "is not closed", never: "never closed",
		result: "leaving it prepared on the server",
	},
	sqlapi.Batch: {
		category: CategoryBatch, noun: "batch", notDone: "is not closed", never: "never closed",
		result: `keeping its connection busy ("conn busy")`,
	},
}

// released says how a handle of the class is released: "closed",
// "released".
func released(c *sqlapi.Class) string {
	if c.Defer == "Release" {
		return "released"
	}
	return "closed"
}

func run(pass *analysis.Pass) (any, error) {
	pkg := scope.Of(pass)
	if !pkg.Reaches {
		return nil, nil
	}
	line := func(p token.Pos) int { return pass.Fset.Position(p).Line }
	reportReassignedPools(pass)
	for _, h := range lifecycle.Of(pass).Kinds(sqlapi.Tx, sqlapi.Conn, sqlapi.Stmt, sqlapi.Batch) {
		t := texts[h.Kind]
		if h.Class.Standalone {
			t.result = "leaving it open on the database server"
		}
		notDone, never := t.notDone, t.never
		if h.Kind == sqlapi.Conn {
			notDone, never = fmt.Sprintf(notDone, released(h.Class)), fmt.Sprintf(never, released(h.Class))
		}
		switch h.Fate {
		case lifecycle.Discarded:
			pass.Report(analysis.Diagnostic{
				Pos: h.Call.Pos(), End: h.Call.End(), Category: t.category,
				Message: fmt.Sprintf("this %s is discarded and %s, %s; keep it and end it", t.noun, never, t.result),
			})
			continue
		case lifecycle.Tracked:
		default:
			continue
		}
		v := h.Var.Name()
		if len(h.Leaks) > 0 {
			fix := lifecycle.ReleaseFix(pass.Fset, pass.TypesInfo, h)
			verb := strings.ToLower(h.Class.Defer)
			if h.Kind == sqlapi.Tx {
				verb = "commit or roll back"
			}
			remedy := fmt.Sprintf("%s %s on every path", verb, v)
			if x := h.Leaks[0]; x.In != nil {
				remedy = verb + " them on every path"
				if h.Kind == sqlapi.Tx {
					remedy = "commit or roll them back on every path"
				}
			} else if x.Kind == lifecycle.Iteration {
				remedy = fmt.Sprintf("%s %s in each iteration", verb, v)
			} else if fix == nil && h.UsedLater() {
				remedy = fmt.Sprintf("%s %s once the code using it later is done", verb, v)
			} else if release, _, ok := h.Release(pass.TypesInfo); ok && fix != nil {
				remedy = release
				if strings.HasPrefix(release, "defer func()") {
					_, call, _ := h.Release(pass.TypesInfo)
					remedy = "defer " + call
				}
			}
			d := analysis.Diagnostic{
				Pos: h.Call.Pos(), End: h.Call.End(), Category: t.category,
				Message: fmt.Sprintf("%s %s %s, %s; %s",
					h.Subject(h.Leaks[0]), notDone, h.Where(pass.Fset, h.Leaks[0]), t.result, remedy),
				Related: h.Exits(pass.Fset, v),
			}
			if fix != nil {
				d.SuggestedFixes = []analysis.SuggestedFix{*fix}
			}
			pass.Report(d)
		}
		if h.DeferInLoop != nil {
			pass.Report(analysis.Diagnostic{
				Pos: h.DeferInLoop.Pos(), End: h.DeferInLoop.End(), Category: t.category,
				Message: fmt.Sprintf("%s.%s deferred in the loop at line %d runs only at return: each iteration keeps a %s open; end it in the iteration",
					v, h.Class.Defer, line(h.Loop.Pos()), t.noun),
			})
		}
	}
	return nil, nil
}

// reportReassignedPools reports a pool whose variable is assigned another
// pool while the first is still open: nothing can close the first, and its
// connections stay open for the life of the process. A pool that simply
// lives until the process ends is not reported.
func reportReassignedPools(pass *analysis.Pass) {
	for _, h := range lifecycle.Of(pass).Kinds(sqlapi.DB) {
		if h.Fate != lifecycle.Tracked || h.Var == nil {
			continue
		}
		for _, x := range h.Leaks {
			if x.Kind != lifecycle.Reassign {
				continue
			}
			v := h.Var.Name()
			pass.Report(analysis.Diagnostic{
				Pos: x.Pos, End: x.End, Category: CategoryPoolReassigned,
				Message: fmt.Sprintf("%s is assigned a new pool while the one from line %d is open: nothing can close the first, its connections and goroutine leak; close %s first",
					v, pass.Fset.Position(h.Call.Pos()).Line, v),
				Related: []analysis.RelatedInformation{{Pos: h.Call.Pos(), End: h.Call.End(), Message: "the first pool is opened here"}},
			})
			break
		}
	}
}
