package sqlapi

// This file recognizes the code sqlc generates, by its shape: sqlc writes it
// into the user's own package (any import path), so no table row can name
// it. The shape, for both of its flavours:
//
//	type DBTX interface {
//		ExecContext(context.Context, string, ...interface{}) (sql.Result, error) // pgx: Exec
//		QueryContext(context.Context, string, ...interface{}) (*sql.Rows, error) // pgx: Query
//		QueryRowContext(context.Context, string, ...interface{}) *sql.Row        // pgx: QueryRow
//	}
//	func New(db DBTX) *Queries { return &Queries{db: db} }
//	type Queries struct{ db DBTX }
//	func (q *Queries) WithTx(tx *sql.Tx) *Queries { return &Queries{db: tx} } // pgx: pgx.Tx
//
// A Queries takes its connections from what New (or WithTx) was given; its
// generated methods take the context first.

import (
	"go/types"
	"sync"
)

// queriesTypes remembers IsQueries' answer per named type.
var queriesTypes sync.Map // *types.Named -> bool

// IsQueries reports whether t is (a pointer to) a type of sqlc's generated
// shape: a struct with a field of an interface type of its package that has
// the query methods of database/sql (ExecContext, QueryContext,
// QueryRowContext) or of pgx (Exec, Query, QueryRow), each taking a context
// first; a function New of its package taking that interface and returning
// a *Queries; and a method WithTx taking one argument and returning a
// *Queries.
func IsQueries(t types.Type) bool {
	n := namedOf(t)
	if n == nil || n.Obj().Pkg() == nil {
		return false
	}
	n = n.Origin()
	if v, ok := queriesTypes.Load(n); ok {
		return v.(bool)
	}
	is := queriesShape(n)
	queriesTypes.Store(n, is)
	return is
}

func queriesShape(n *types.Named) bool {
	st, ok := n.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	pkg := n.Obj().Pkg()
	var dbtx types.Type
	for i := range st.NumFields() {
		if t := st.Field(i).Type(); isDBTX(t, pkg) {
			dbtx = t
			break
		}
	}
	if dbtx == nil {
		return false
	}
	ptr := types.NewPointer(n)
	newFn, ok := pkg.Scope().Lookup("New").(*types.Func)
	if !ok {
		return false
	}
	sig := newFn.Signature()
	if sig.Params().Len() != 1 || !types.Identical(sig.Params().At(0).Type(), dbtx) ||
		sig.Results().Len() != 1 || !types.Identical(sig.Results().At(0).Type(), ptr) {
		return false
	}
	obj, _, _ := types.LookupFieldOrMethod(ptr, false, pkg, "WithTx")
	withTx, ok := obj.(*types.Func)
	if !ok {
		return false
	}
	sig = withTx.Signature()
	return sig.Params().Len() == 1 && sig.Results().Len() == 1 && types.Identical(sig.Results().At(0).Type(), ptr)
}

// isDBTX reports whether t is a named interface of pkg with the query
// methods of database/sql or of pgx, each taking a context first.
func isDBTX(t types.Type, pkg *types.Package) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() != pkg {
		return false
	}
	iface, ok := n.Underlying().(*types.Interface)
	if !ok {
		return false
	}
	has := func(names ...string) bool {
		for _, name := range names {
			obj, _, _ := types.LookupFieldOrMethod(iface, false, pkg, name)
			fn, ok := obj.(*types.Func)
			if !ok || fn.Signature().Params().Len() < 2 || !IsContext(fn.Signature().Params().At(0).Type()) {
				return false
			}
		}
		return true
	}
	return has("ExecContext", "QueryContext", "QueryRowContext") || has("Exec", "Query", "QueryRow")
}

// QueriesMethod reports whether the call is a query method of a sqlc
// Queries (declared on it, taking a context first): it runs a statement on
// whatever the Queries was built on.
func QueriesMethod(c Call) bool {
	if c.Func == nil || c.Interface() {
		return false
	}
	recv := c.Func.Signature().Recv()
	if recv == nil || !IsQueries(recv.Type()) {
		return false
	}
	params := c.Func.Signature().Params()
	return params.Len() > 0 && IsContext(params.At(0).Type())
}

// IsWithTx reports whether the call is a sqlc Queries' WithTx(tx).
func IsWithTx(c Call) bool {
	if c.Func == nil || c.Func.Name() != "WithTx" || c.Interface() {
		return false
	}
	recv := c.Func.Signature().Recv()
	return recv != nil && IsQueries(recv.Type())
}

// queriesNew returns the argument index a call of a sqlc package's New(db)
// or Prepare(ctx, db) takes its database from, or -1.
func queriesNew(c Call) int {
	if c.Func == nil || c.Func.Signature().Recv() != nil {
		return -1
	}
	res := c.Func.Signature().Results()
	if res.Len() == 0 || !IsQueries(res.At(0).Type()) {
		return -1
	}
	switch c.Func.Name() {
	case "New":
		return 0
	case "Prepare":
		if c.Func.Signature().Params().Len() == 2 {
			return 1
		}
	}
	return -1
}
