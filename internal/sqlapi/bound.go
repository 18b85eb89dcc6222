package sqlapi

import "slices"

// This file knows which values take their connections from another: a
// statement prepared on a pool, a sqlc Queries built on one, a wrapper
// around one. Calls on such a value take a connection from the pool it was
// bound to, not from itself.

// BoundTo reports which operand of the call (-1: the receiver) the value
// it returns takes its connections from:
//   - sqlc's New(db), Prepare(ctx, db) and q.WithTx(tx) (see [IsQueries]);
//   - a statement prepared by a method of a pool, a connection or a
//     transaction (db.PrepareContext, tx.Stmt), or by a function given one
//     (sqlx.Preparex(db, q));
//   - the wrappers of the tables (sqlx.NewDb(db, driver), gormDB.DB());
//   - a query builder made by a pool, a connection, a transaction or
//     another builder (bun's db.NewSelect().Where(...));
//   - for a pool with Runs, its other methods returning the same type
//     (gorm's db.Where(...)).
func BoundTo(c Call) (int, bool) {
	if c.Func == nil {
		return 0, false
	}
	if i := queriesNew(c); i >= 0 {
		return i, i < len(c.Args)
	}
	if IsWithTx(c) {
		return 0, len(c.Args) == 1
	}
	if w, ok := WrapperOf(c); ok {
		return w.From, w.From < len(c.Args)
	}
	res := c.Func.Signature().Results()
	if res.Len() == 0 {
		return 0, false
	}
	if c.Recv != nil && !c.Interface() {
		recv := c.Func.Signature().Recv().Type()
		k := c.MethodClass()
		switch {
		case builderOf(res.At(0).Type()) != nil && (builderOf(recv) != nil || k != nil && k.Kind != Stmt):
			// db.NewSelect(), q.Where(...): a builder bound to the receiver.
			return -1, true
		case k != nil && len(k.Runs) > 0 && !slices.Contains(k.Runs, c.Name()) && classOfNamed(res.At(0).Type()) == k:
			// gorm's db.Where(...): a view of the same pool.
			return -1, true
		}
	}
	if cl := ClassOf(res.At(0).Type()); cl == nil || cl.Kind != Stmt {
		return 0, false
	}
	if p, ok := ProducerOf(c); ok && p.Arg >= 0 {
		return p.Arg, p.Arg < len(c.Args)
	}
	if c.Recv == nil || c.Interface() {
		return 0, false
	}
	switch k := c.MethodClass(); {
	case k == nil:
		return 0, false
	case k.Kind == DB || k.Kind == Conn || k.Kind == Tx:
		return -1, true
	}
	return 0, false
}

// RunsOnBinding reports whether the call runs a statement on what its
// receiver was bound to (see [BoundTo]): a query method of a sqlc Queries,
// a statement's Exec or Query (not its Close), a builder's Runs (bun's
// Scan, Exec).
func RunsOnBinding(c Call) bool {
	if QueriesMethod(c) {
		return true
	}
	if c.Recv == nil || c.Interface() {
		return false
	}
	if builderOf(c.Func.Signature().Recv().Type()) != nil {
		return builderRun(c)
	}
	k := c.MethodClass()
	return k != nil && k.Kind == Stmt && !k.Releases(c.Name()) && !k.TakesNoConn(c.Name())
}

// builderRun reports whether the call is a query builder's method that
// runs the statement: one of its Runs, or, for RunsWithContext, any method
// taking a context first.
func builderRun(c Call) bool {
	if c.Func == nil || c.Interface() {
		return false
	}
	recv := c.Func.Signature().Recv()
	if recv == nil {
		return false
	}
	b := builderOf(recv.Type())
	if b == nil {
		return false
	}
	if b.RunsWithContext {
		params := c.Func.Signature().Params()
		return params.Len() > 0 && IsContext(params.At(0).Type())
	}
	return slices.Contains(b.Runs, c.Name())
}
