// Package lifecycle follows every handle that pins a pooled connection (rows,
// a row, a statement, a transaction, a connection, a batch's results) or is
// the pool itself, from the call that produces it to every exit of its
// function, and decides on each path whether the handle was released, handed
// over, or left behind. What a handle is, and what releases it, comes from
// the tables of package sqlapi; paths come from the flow layer (package flow).
//
// The result is computed once per package, for every kind of handle ([Of]),
// and each analyzer reads the handles it cares about. A handle passes through
// three stages, one file each:
//   - events.go: what each use of the handle's variables does to it (release,
//     hand-over, drain, alias, reassignment, a pool's setting or use), reading
//     same-package callees and closures; collect.go does the same for the
//     slices and maps the handle is put in, once per container;
//   - solve.go: the path search over the function's graph from the producer;
//   - interpret.go: the handle's fate where it is produced, its exits, drains
//     and escapes, and the producers of this package (produce.go).
//
// A handle is:
//   - released by its class's release methods (Close, Commit or Rollback,
//     Scan on a row, Release on a pgxpool connection), called directly,
//     deferred, through a method value or a method expression, or inside a
//     deferred or immediately called closure; by an owner function of the
//     tables (pgx.CollectRows); rows are also released when Next returns
//     false (drained), which is recorded apart;
//   - collected when it is put in a slice or map of the function's own
//     (S = append(S, v), m[k] = v): from there the container holds it, a
//     loop over the container that releases its elements releases it
//     (collect.go), and reusing the handle's variable loses nothing;
//   - handed over when it is returned, stored (struct field, map, slice,
//     channel, global, a variable of an enclosing function), captured by a
//     closure that escapes, its address taken, or passed to code the engine
//     cannot see (another package's function, an interface method, a function
//     value); a same-package function (or closure) that receives it is read:
//     it hands the handle over when its body releases or hands over that
//     parameter;
//   - left behind on a path that reaches a return, the end of the function,
//     or a reassignment of its variable without either.
//
// The producer's error branch (if err != nil right after the call) holds no
// handle, nor does the branch of if v == nil. Paths that end in a call that
// never returns (the flow layer's rule) do not count. The engine declares no
// facts.
package lifecycle

import (
	"go/ast"
	"go/token"
	"go/types"
	"iter"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/dbpoollint/dbpoollint/internal/flow"
	"github.com/dbpoollint/dbpoollint/internal/scope"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// Fate says what happens to a handle right where it is produced.
type Fate int

const (
	// Tracked: the handle is bound to a local variable; Leaks, Drains and
	// DeferInLoop say what happens to it on each path.
	Tracked Fate = iota
	// Discarded: the result is dropped (assigned to _, an expression
	// statement, or a chained call that does not release it, such as
	// db.QueryRow(q).Err()).
	Discarded
	// HandedOver: returned, stored, or passed on where the engine cannot see.
	HandedOver
	// Released: released at once (db.QueryRow(q).Scan(&v)).
	Released
)

// ExitKind says how a leaking path leaves the handle behind.
type ExitKind int

const (
	// Return: a return statement.
	Return ExitKind = iota
	// End: control falls off the end of the function.
	End
	// Reassign: the handle's variable is assigned another value.
	Reassign
	// Iteration: the loop around the producer runs it again, overwriting the
	// variable.
	Iteration
	// Continue: a continue statement ends the iteration, and the next one
	// declares the handle's variable anew (var rows *sql.Rows in the body).
	Continue
)

// Exit is a point where a path leaves a handle unreleased.
type Exit struct {
	Kind ExitKind
	// Pos and End delimit the return statement, the closing brace of the
	// function, or the reassigning statement.
	Pos, End token.Pos
	// Err is set for a return statement that returns an error: its last
	// result is of type error and is not nil.
	Err bool
	// In is the local slice or map holding the handle at the exit, when the
	// path put it in one (stmts = append(stmts, stmt)); nil otherwise.
	In *types.Var
}

// OnlyOnErrors reports whether every exit returns an error.
func OnlyOnErrors(xs []Exit) bool {
	for _, x := range xs {
		if !x.Err {
			return false
		}
	}
	return len(xs) > 0
}

// Drain is a place where rows are released only by reading them to the end.
type Drain struct {
	// Pos is the loop condition (for rows.Next()) or the call that reads the
	// rows to the end.
	Pos token.Pos
	// Callee names that call ("sqlx.StructScan", "collect"); "" for a loop.
	Callee string
}

// Escape says how far a handle goes beyond its function, the strongest of
// its uses (on any path).
type Escape int

const (
	// Stays: the handle stays in its function.
	Stays Escape = iota
	// Shared: passed to a method of a value that outlives the function
	// (s.cache.Put(k, db), registry.Add(db)).
	Shared
	// Returned: returned to the caller, itself or in a value holding it.
	Returned
	// Kept: stored beyond the function: a field, a package variable, a map,
	// a slice, a channel, a variable of an enclosing function.
	Kept
)

// Use is one use of a handle (through its variables) that matters to some
// analyzer: a release, a hand-over, a pool's setting, a call that takes a
// connection.
type Use struct {
	// Node is the call (or the statement) that uses the handle.
	Node ast.Node
	// Release is set for a release (Close, Commit, ...); Deferred when it is
	// deferred or runs in a deferred closure.
	Release, Deferred bool
	// Setting is the pool setting called (SetMaxOpenConns, ...), with Call.
	Setting string
	Call    *ast.CallExpr
	// Acquire is set for a use that may take a connection from a pool: a
	// method other than the class's Idle ones, or passing the pool on.
	Acquire bool
	// Next is set for a call of the rows' Next, InLoop when it is the
	// condition of a loop or in one; Err for a call of their Err.
	Next, InLoop, Err bool

	cur inspector.Cursor // the call, for Next
}

// Handle is one producing call and what the engine found about it.
type Handle struct {
	// Call is the producing call.
	Call *ast.CallExpr
	// Cursor is the producing call's cursor.
	Cursor inspector.Cursor
	// Func is the function the call is in.
	Func *flow.Func
	// Kind is the handle's kind, and Class its class in sqlapi's tables.
	Kind  sqlapi.Handle
	Class *sqlapi.Class
	// Producer names the call for messages: "db.QueryContext", "s.begin".
	Producer string
	// Callee is the producing call's callee (nil for a call the resolver
	// cannot follow).
	Callee *types.Func
	// Var is the variable the handle is bound to (nil unless Tracked).
	Var *types.Var
	// OnTx is set for handles produced by a method of a transaction (or by
	// a library function given one): the transaction's end closes them when
	// their class says so.
	OnTx bool
	// Fate is what happens where the handle is produced.
	Fate Fate
	// Dest is where the producing call's handle result goes.
	Dest flow.Dest
	// Chained is the method called on the discarded result, e.g. "Err" for
	// db.QueryRow(q).Err(); "" for other discards.
	Chained string
	// Leaks are the exits reached without release, in source order.
	Leaks []Exit
	// Drains are the places where a path relies on Next returning false to
	// release rows (set only when no path leaks). An existence check that
	// no loop repeats (if !rows.Next() { return ... }) is not one: the
	// branch it takes has the rows closed, the other releases them.
	Drains []Drain
	// DeferInLoop is a deferred release inside the loop that produces the
	// handle, when some iteration ends with the handle still open.
	DeferInLoop *ast.DeferStmt
	// Same is an earlier handle of the function bound to the same variable
	// whose paths end the same way (the same exits left behind, drains and
	// deferred release in a loop): rows assigned in two cases of a switch
	// and read by one loop. It is one mistake, which analyzers report once,
	// at Same's producer; nil otherwise.
	Same *Handle
	// Loop is the loop that encloses the producer within its function, if any.
	Loop ast.Stmt
	// Escapes is set when some path hands the handle over (returns it,
	// stores it, passes it on) rather than releasing it.
	Escapes bool
	// Escape is how far the handle goes beyond its function, on any path.
	Escape Escape
	// Live holds the graph nodes of its function where a tracked rows,
	// transaction, connection or batch holds its connection: from the
	// producer to a release that is not deferred, a hand-over, the end of
	// the rows, or the function's end.
	Live map[ast.Node]bool
	// Uses are the handle's releases, settings and connection-taking uses,
	// in source order (Tracked handles only), those of the same-package
	// functions it is passed to included.
	Uses []Use

	// Releasers are the local variables bound to the functions its
	// producer returned with it to release it (tx, commit, rollback, err :=
	// s.begin(ctx)): calling one releases the handle.
	Releasers []*types.Var

	stmt   inspector.Cursor // the statement binding Var
	errVar *types.Var       // the producer's error variable

	// What a fix that releases the handle must know (safety.go).
	vars map[*types.Var]bool // Var and its aliases
	only bool                // the producer returns only a function releasing the handle (releaseOnly): Var holds it
	own  bool                // the producer certainly hands over a handle of the caller's own
	late bool                // some use may run after the function returns
	lent bool                // a handle derived from it outlives the function
	dead bool                // the producer's context, which its release takes, may be cancelled first
}

// Result is every handle produced in one package.
type Result struct {
	Handles []*Handle
	e       *engine
	byFunc  map[*types.Func][]*Handle
	byCall  map[*ast.CallExpr]*Handle
}

// Kinds returns the handles of the given kinds, in source order.
func (r *Result) Kinds(kinds ...sqlapi.Handle) []*Handle {
	var out []*Handle
	for _, h := range r.Handles {
		for _, k := range kinds {
			if h.Kind == k {
				out = append(out, h)
				break
			}
		}
	}
	return out
}

// ProducedBy returns the handles produced by calls of fn.
func (r *Result) ProducedBy(fn *types.Func) []*Handle { return r.byFunc[fn] }

// At returns the handle the call produces, or nil.
func (r *Result) At(call *ast.CallExpr) *Handle { return r.byCall[call] }

type resultKey struct{}

// Of returns the lifecycle of every handle of the pass's package, computed
// once per package whichever analyzer asks first. The pass's analyzer must
// require scope.Analyzer; an empty result for packages out of scope.
func Of(pass *analysis.Pass) *Result {
	pkg := scope.Of(pass)
	if !pkg.Reaches {
		return &Result{}
	}
	return scope.Shared(pkg, resultKey{}, func() *Result {
		return analyze(pkg.Flow(), pkg.Resolver(), func(yield func(inspector.Cursor) bool) {
			for _, c := range pkg.Calls() {
				if !yield(c.Cur) {
					return
				}
			}
		})
	})
}

// Analyze finds every call of the package that produces a handle, and
// follows each. Functions without such a call cost nothing beyond one walk
// over the package's calls.
func Analyze(fl *flow.Package, res *sqlapi.Resolver) *Result {
	return analyze(fl, res, fl.Inspector().Root().Preorder((*ast.CallExpr)(nil)))
}

// analyze is Analyze over the package's calls.
func analyze(fl *flow.Package, res *sqlapi.Resolver, calls iter.Seq[inspector.Cursor]) *Result {
	e := newEngine(fl, res)
	r := &Result{e: e, byFunc: make(map[*types.Func][]*Handle), byCall: make(map[*ast.CallExpr]*Handle)}
	for cur := range calls {
		call := cur.Node().(*ast.CallExpr)
		class, idx := e.resultClass(call)
		only := false
		if class == nil {
			// release, err := s.lock(ctx): the handle is behind its release.
			if class, idx = e.releaseOnly(call); class == nil {
				continue
			}
			only = true
		}
		fn := fl.Enclosing(cur)
		if fn == nil {
			continue // a package-level initializer
		}
		c, resolved := res.Resolve(call)
		if !only && !e.isProducer(call, class, idx, 0) {
			continue
		}
		h := &Handle{Call: call, Cursor: cur, Func: fn, Kind: class.Kind, Class: class, Producer: e.producerName(call), only: only}
		if resolved {
			h.Callee = c.Func
			r.byFunc[c.Func] = append(r.byFunc[c.Func], h)
		}
		h.OnTx = e.onTx(call)
		h.own = e.owned(call, class, idx, 0)
		e.follow(h, idx)
		if h.Fate == Tracked && class.DeferCtx {
			h.dead = !e.ctxLiveToEnd(h)
		}
		r.Handles = append(r.Handles, h)
		r.byCall[call] = h
	}
	sameMistake(r.Handles)
	r.lend(fl.Info)
	return r
}

// sameMistake sets Same on every handle that ends as an earlier one bound
// to the same variable does.
func sameMistake(hs []*Handle) {
	byVar := make(map[*types.Var][]*Handle)
	for _, h := range hs {
		if h.Fate != Tracked || h.Var == nil || len(h.Leaks) == 0 && len(h.Drains) == 0 && h.DeferInLoop == nil {
			continue
		}
		for _, first := range byVar[h.Var] {
			if first.Func == h.Func && slices.Equal(first.Leaks, h.Leaks) && slices.Equal(first.Drains, h.Drains) && first.DeferInLoop == h.DeferInLoop {
				h.Same = first
				break
			}
		}
		if h.Same == nil {
			byVar[h.Var] = append(byVar[h.Var], h)
		}
	}
}
