package connleak

import (
	_ "embed"
	"fmt"
	"go/token"

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
	category  string
	noun      string // "transaction"
	notDone   string // "is neither committed nor rolled back"
	never     string // "never committed or rolled back"
	fix       string // the release method the fix defers
	result    string // the consequence
	inLoopEnd string // what a deferred release in a loop leaves open
}

var texts = map[sqlapi.Handle]kindText{
	sqlapi.Tx: {
		category: CategoryTx, noun: "transaction", notDone: "is neither committed nor rolled back",
		never: "never committed or rolled back", fix: "Rollback",
		result:    "the transaction keeps its connection checked out and its locks held",
		inLoopEnd: "a transaction open and its connection checked out",
	},
	sqlapi.Conn: {
		category: CategoryConn, noun: "connection", notDone: "is not closed", never: "never closed", fix: "Close",
		result:    "the connection never returns to the pool",
		inLoopEnd: "a connection out of the pool",
	},
	sqlapi.Stmt: {
		category: CategoryStmt, noun: "statement", notDone: "is not closed", never: "never closed", fix: "Close",
		result:    "the statement stays prepared on the database server",
		inLoopEnd: "a statement prepared on the server",
	},
}

func run(pass *analysis.Pass) (any, error) {
	pkg := scope.Of(pass)
	if !pkg.Reaches {
		return nil, nil
	}
	line := func(p token.Pos) int { return pass.Fset.Position(p).Line }
	for _, h := range lifecycle.Of(pass).Kinds(sqlapi.Tx, sqlapi.Conn, sqlapi.Stmt) {
		t := texts[h.Kind]
		switch h.Fate {
		case lifecycle.Discarded:
			pass.Report(analysis.Diagnostic{
				Pos: h.Call.Pos(), End: h.Call.End(), Category: t.category,
				Message: fmt.Sprintf("the %s returned by %s is discarded and %s, so %s", t.noun, h.Producer, t.never, t.result),
			})
			continue
		case lifecycle.Tracked:
		default:
			continue
		}
		for i, x := range h.Leaks {
			d := analysis.Diagnostic{
				Pos: x.Pos, End: x.End, Category: t.category,
				Message: fmt.Sprintf("%s (from %s at line %d) %s %s; %s",
					h.Var.Name(), h.Producer, line(h.Call.Pos()), t.notDone, h.Where(pass.Fset, x), t.result),
			}
			if i == 0 {
				if fix := lifecycle.DeferFix(pass.Fset, pass.TypesInfo, h, t.fix); fix != nil {
					d.SuggestedFixes = []analysis.SuggestedFix{*fix}
				}
			}
			pass.Report(d)
		}
		if h.DeferInLoop != nil {
			pass.Report(analysis.Diagnostic{
				Pos: h.DeferInLoop.Pos(), End: h.DeferInLoop.End(), Category: t.category,
				Message: fmt.Sprintf("deferred %s runs only when the function returns: every iteration of the loop at line %d leaves %s (%s from %s); release it at the end of each iteration",
					t.fix, line(h.Loop.Pos()), t.inLoopEnd, h.Var.Name(), h.Producer),
			})
		}
	}
	return nil, nil
}
