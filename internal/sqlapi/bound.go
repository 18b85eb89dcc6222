package sqlapi

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
//   - the wrappers of the tables (sqlx.NewDb(db, driver), gormDB.DB()).
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
// a statement's Exec or Query (not its Close).
func RunsOnBinding(c Call) bool {
	if QueriesMethod(c) {
		return true
	}
	if c.Recv == nil || c.Interface() {
		return false
	}
	k := c.MethodClass()
	return k != nil && k.Kind == Stmt && !k.Releases(c.Name()) && !k.TakesNoConn(c.Name())
}
