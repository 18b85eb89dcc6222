package ctxquery

// This file knows a Prepare on a transaction begun in sight with the
// context at hand: the transaction already holds its connection, so only
// the Parse round trip goes without the context.

import (
	"golang.org/x/tools/go/ast/inspector"

	"github.com/dbpoollint/dbpoollint/internal/ctxfix"
	"github.com/dbpoollint/dbpoollint/internal/ctxsource"
	"github.com/dbpoollint/dbpoollint/internal/scope"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// preparesOnBoundTx reports whether the call prepares a statement on a
// transaction (database/sql's Tx.Prepare, sqlx's Tx.Preparex and
// Tx.PrepareNamed) that the function began with BeginTx (or sqlx's
// BeginTxx, MustBeginTx) on the context at hand. Unlike a pool's Prepare,
// it waits for no connection: the transaction holds one. Only one round
// trip ignores the context; if the context ends, database/sql rolls the
// transaction back and its next statement fails. Left to -strict. A
// transaction begun without a context, with another one, or out of sight
// (a parameter, a field, a library's callback) keeps the finding, as do the
// transaction's Query, Exec and QueryRow, which can run long past the
// deadline.
func preparesOnBoundTx(pkg *scope.Package, cur inspector.Cursor, call sqlapi.Call, src ctxsource.Source) bool {
	if !call.IsMethod(sqlapi.SQL, "Tx", "Prepare") && !call.IsMethod(sqlapi.Sqlx, "Tx", "Preparex") && !call.IsMethod(sqlapi.Sqlx, "Tx", "PrepareNamed") {
		return false
	}
	return ctxfix.TxOf(pkg, cur, call).BegunHereWith(pkg.Flow().Info, src)
}
