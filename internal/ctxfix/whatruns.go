package ctxfix

// This file knows where passing the context at hand changes what a correct
// program does, beyond giving a call its deadline: a call whose error
// branch writes to the database, one that runs after a transaction of the
// function committed.

import (
	"go/ast"
	"go/token"
	"go/types"
	"sync"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/dbpoollint/dbpoollint/internal/ctxsource"
	"github.com/dbpoollint/dbpoollint/internal/flow"
	"github.com/dbpoollint/dbpoollint/internal/scope"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// ResultNode returns the node whose value is the call's outcome: the call,
// or the .Error of a gorm chain (db.Create(&x).Error).
func ResultNode(cur inspector.Cursor) inspector.Cursor {
	if cur.ParentEdgeKind() == edge.SelectorExpr_X {
		if sel := cur.Parent().Node().(*ast.SelectorExpr); sel.Sel.Name == "Error" {
			return cur.Parent()
		}
	}
	return cur
}

// ChangesWhatRuns reports whether passing a context into the call at
// cur would change which other database work the function does, not only
// when the call gives up: its error branch runs database calls (a failed
// lookup records a strike against the client: with the request's context,
// a client that disconnects gets one), or a transaction of the function
// committed before it (a cleanup after the commit would be left half done
// by a client that leaves in between). The finding stands without a fix.
func ChangesWhatRuns(pkg *scope.Package, cur inspector.Cursor) bool {
	info := pkg.Flow().Info
	res := pkg.Resolver()
	usesDB := func(n ast.Node) bool {
		found := false
		flow.Inspect(n, func(m ast.Node) bool {
			call, ok := m.(*ast.CallExpr)
			if !ok || found {
				return !found
			}
			if rc, ok := res.Resolve(call); ok && rc.Recv != nil {
				// A method of a handle other than its release: tx.Rollback()
				// before returning the error is no other work.
				if k := sqlapi.ClassOf(info.TypeOf(rc.Recv)); k != nil && !k.Releases(rc.Name()) {
					found = true
					return false
				}
			}
			for _, a := range call.Args {
				// A pool handed to a function (model.BlockIP(db, ip)); a
				// transaction or rows handed on are most often released.
				if k := sqlapi.ClassOf(info.TypeOf(a)); k != nil && k.Kind == sqlapi.DB {
					found = true
					return false
				}
			}
			return true
		})
		return found
	}
	if body := errorBranch(info, cur); body != nil && usesDB(body) {
		return true
	}
	f := pkg.Flow().EnclosingPos(cur.Node().Pos())
	if f == nil {
		return false
	}
	committed := false
	pos := cur.Node().Pos()
	flow.Inspect(f.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if committed || !ok || call.Pos() >= pos {
			return !committed && (n == nil || n.Pos() < pos)
		}
		if rc, ok := res.Resolve(call); ok {
			if k := rc.MethodClass(); k != nil && k.Kind == sqlapi.Tx && rc.Name() == "Commit" {
				committed = true
			}
			if row, ok := sqlapi.ScopedOf(rc); ok && row.Kind == sqlapi.Tx && call.End() <= pos { // done before the call
				committed = true
			}
		}
		return !committed
	})
	return committed
}

// errorBranch returns the body of the if statement that tests the call's
// error: if err := <call>.Error; err != nil {...}, if <call>.Error != nil
// {...}, or err := <call> followed by if err != nil {...}.
func errorBranch(info *types.Info, cur inspector.Cursor) *ast.BlockStmt {
	c := ResultNode(cur)
	// if db.First(&u).Error != nil {...}
	if c.ParentEdgeKind() == edge.BinaryExpr_X || c.ParentEdgeKind() == edge.BinaryExpr_Y {
		if c.Parent().ParentEdgeKind() == edge.IfStmt_Cond {
			return c.Parent().Parent().Node().(*ast.IfStmt).Body
		}
		return nil
	}
	if c.ParentEdgeKind() != edge.AssignStmt_Rhs {
		return nil
	}
	as := c.Parent().Node().(*ast.AssignStmt)
	errVar := func() *types.Var {
		for _, l := range as.Lhs {
			if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
				if v, ok := info.ObjectOf(id).(*types.Var); ok && types.Identical(v.Type(), types.Universe.Lookup("error").Type()) {
					return v
				}
			}
		}
		return nil
	}()
	if errVar == nil {
		return nil
	}
	tests := func(ifs *ast.IfStmt) bool {
		b, ok := ifs.Cond.(*ast.BinaryExpr)
		if !ok || b.Op != token.NEQ {
			return false
		}
		id, ok := ast.Unparen(b.X).(*ast.Ident)
		return ok && info.ObjectOf(id) == errVar
	}
	stmt := c.Parent()
	if stmt.ParentEdgeKind() == edge.IfStmt_Init {
		if ifs := stmt.Parent().Node().(*ast.IfStmt); tests(ifs) {
			return ifs.Body
		}
		return nil
	}
	// The statement after the assignment.
	if next, ok := stmt.NextSibling(); ok {
		if ifs, ok := next.Node().(*ast.IfStmt); ok && ifs.Init == nil && tests(ifs) {
			return ifs.Body
		}
	}
	return nil
}

// OtherBudget reports whether src is a deadline the function derives
// itself (ctx, cancel := context.WithTimeout(parent, d), WithDeadline and
// their Cause forms) and gave to other calls it chose: the call at cur is
// not one of them, and putting it under that deadline would give it what
// is left of another call's budget (a slow query that succeeds today would
// fail). The finding stands without a fix. A deadline made and given to no
// other call is the one meant for the call at cur.
func OtherBudget(pkg *scope.Package, cur inspector.Cursor, src ctxsource.Source) bool {
	if src.Kind != ctxsource.Var || src.Var == nil {
		return false
	}
	f := pkg.Flow().EnclosingPos(cur.Node().Pos())
	for f != nil && f.Outer != nil {
		f = f.Outer
	}
	if f == nil || f.Body == nil || src.Var.Pos() < f.Body.Pos() || src.Var.Pos() >= f.Body.End() {
		return false // a parameter, or declared outside the function
	}
	info := pkg.Flow().Info
	found := false
	flow.Inspect(f.Body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if found || !ok {
			return !found
		}
		if len(as.Rhs) != 1 || len(as.Lhs) == 0 {
			return true
		}
		id, ok := as.Lhs[0].(*ast.Ident)
		if !ok || info.ObjectOf(id) != src.Var {
			return true
		}
		call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
		if !ok {
			return true
		}
		if fn, ok := typeutil.Callee(info, call).(*types.Func); ok && fn.Pkg() != nil && fn.Pkg().Path() == "context" {
			switch fn.Name() {
			case "WithTimeout", "WithDeadline", "WithTimeoutCause", "WithDeadlineCause":
				found = true
			}
		}
		return !found
	})
	if !found {
		return false
	}
	// Given to another call as its context: that call's budget. A
	// deadline made and given to nothing yet is the one meant for this call.
	given := false
	at := cur.Node()
	flow.Inspect(f.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if given || !ok || call == at {
			return !given
		}
		for _, a := range call.Args {
			if id, ok := ast.Unparen(a).(*ast.Ident); ok && info.ObjectOf(id) == src.Var {
				// A derivation (context.WithTimeout(ctx, d)) gives it to no
				// query.
				if fn, ok := typeutil.Callee(info, call).(*types.Func); ok && (fn.Pkg() == nil || fn.Pkg().Path() != "context") {
					given = true
				}
			}
		}
		return !given
	})
	return given
}

// UnderLock reports whether the call at cur runs while a sync.Mutex or
// RWMutex is held: locked earlier in the same function, or in every
// same-package caller of the function, directly or through callers that
// are themselves only called under it (addJobToQueue locks dp.lk and calls
// doPersist, which calls swapLog). Work under a lock is shared by every caller waiting on
// it (a log rotation, a batch flushed for all producers): one caller's
// context would decide it for all. The finding stands without a fix. Each
// function's locks and each function's callers are read once per package.
func UnderLock(pkg *scope.Package, cur inspector.Cursor) bool {
	ix := scope.Shared(pkg, lockKey{}, func() *lockIndex {
		return &lockIndex{pkg: pkg, events: make(map[*flow.Func][]lockEvent), callersLocked: make(map[*types.Func]bool)}
	})
	ix.mu.Lock()
	defer ix.mu.Unlock()
	fl := pkg.Flow()
	f := fl.EnclosingPos(cur.Node().Pos())
	if f == nil {
		return false
	}
	if ix.lockedBefore(f, cur.Node().Pos()) {
		return true
	}
	for f.Outer != nil {
		f = f.Outer
	}
	if f.Obj == nil {
		return false
	}
	return ix.callersHold(f)
}

type lockKey struct{}

// lockIndex caches, per package, the Lock and Unlock calls of each function
// and whether every caller of a function holds a lock at the call.
type lockIndex struct {
	mu            sync.Mutex
	pkg           *scope.Package
	events        map[*flow.Func][]lockEvent
	callers       map[*types.Func][]scope.Call
	callersLocked map[*types.Func]bool
}

// lockEvent is a Lock (+1) or a non-deferred Unlock (-1) at pos.
type lockEvent struct {
	pos   token.Pos
	delta int
}

func (ix *lockIndex) lockedBefore(f *flow.Func, pos token.Pos) bool {
	evs, ok := ix.events[f]
	if !ok {
		evs = lockEvents(ix.pkg, f)
		ix.events[f] = evs
	}
	n := 0
	for _, e := range evs {
		if e.pos < pos {
			n += e.delta
		}
	}
	return n > 0
}

func (ix *lockIndex) callersHold(f *flow.Func) bool {
	if b, ok := ix.callersLocked[f.Obj]; ok {
		return b
	}
	if ix.callers == nil {
		ix.callers = make(map[*types.Func][]scope.Call)
		for _, pc := range ix.pkg.Calls() {
			if pc.Resolved && pc.Call.Func != nil {
				ix.callers[pc.Call.Func] = append(ix.callers[pc.Call.Func], pc)
			}
		}
	}
	ix.callersLocked[f.Obj] = false // in progress: a cycle holds nothing
	fl := ix.pkg.Flow()
	calls := ix.callers[f.Obj]
	held := len(calls) > 0
	for _, pc := range calls {
		caller := fl.EnclosingPos(pc.Expr.Pos())
		if caller == nil || caller == f {
			held = false
			break
		}
		if ix.lockedBefore(caller, pc.Expr.Pos()) {
			continue
		}
		// Called by a function that is itself only called under the lock
		// (addJobToQueue locks, doPersist calls swapLog).
		outer := caller
		for outer.Outer != nil {
			outer = outer.Outer
		}
		if outer == caller && outer.Obj != nil && ix.callersHold(outer) {
			continue
		}
		held = false
		break
	}
	ix.callersLocked[f.Obj] = held
	return held
}

// lockEvents returns the Lock and RLock calls on sync's mutexes in f's
// body, and its Unlock and RUnlock calls that are not deferred.
func lockEvents(pkg *scope.Package, f *flow.Func) []lockEvent {
	info := pkg.Flow().Info
	deferredCalls := make(map[*ast.CallExpr]bool)
	var evs []lockEvent
	flow.Inspect(f.Body, func(n ast.Node) bool {
		if d, ok := n.(*ast.DeferStmt); ok {
			deferredCalls[d.Call] = true
			return true
		}
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		fn, ok := typeutil.Callee(info, call).(*types.Func)
		if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "sync" || fn.Signature().Recv() == nil {
			return true
		}
		switch fn.Name() {
		case "Lock", "RLock":
			evs = append(evs, lockEvent{call.Pos(), 1})
		case "Unlock", "RUnlock":
			if !deferredCalls[call] {
				evs = append(evs, lockEvent{call.Pos(), -1})
			}
		}
		return true
	})
	return evs
}
