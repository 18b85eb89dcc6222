package sqlapi

import "go/types"

// contextAPIs are the packages whose functions and methods taking a
// context.Context first are database calls: the context bounds a query, a
// transaction, a connection or a ping.
var contextAPIs = map[string]bool{
	SQL:       true,
	Sqlx:      true,
	PgxV5:     true,
	PgxPoolV5: true,
	PgconnV5:  true,
	PgxV4:     true,
	PgxPoolV4: true,
	Gorm:      true,
}

// twinNamesSet holds the names of the Context twins: QueryContext, BeginTx, ...
var twinNamesSet = func() map[string]bool {
	m := make(map[string]bool)
	for _, t := range twinNames {
		m[t.Name] = true
	}
	return m
}()

// TakesContext reports whether the call's callee is a database call whose
// first parameter (after the receiver) is a context.Context:
//   - a function or method of database/sql, sqlx, pgx (v4, v5, pgxpool,
//     pgconn) or gorm (also when promoted through an embedded field):
//     QueryContext, BeginTx, Conn, pgxpool's Query, gorm's WithContext...;
//   - a method of an interface or of a type parameter's constraint named
//     like a Context twin (QueryContext, ExecContext, BeginTx, ...).
func TakesContext(c Call) bool {
	sig, ok := c.Func.Type().(*types.Signature)
	if !ok || sig.Params().Len() == 0 || !IsContext(sig.Params().At(0).Type()) {
		return false
	}
	if c.Func.Pkg() != nil && contextAPIs[c.Func.Pkg().Path()] {
		return true
	}
	return c.Interface() && twinNamesSet[c.Func.Name()]
}
