// Package ctxquery defines an Analyzer that reports database calls made
// without the context at hand, or with context.Background() in its place.
//
// # Analyzer ctxquery
//
// ctxquery: report database calls that ignore the context at hand, so deadlines and cancellation cannot reach the database
//
// A query started with db.Query inside a request handler cannot be cancelled:
// when the client gives up or the request's deadline passes, the query keeps
// its pooled connection until the database finishes. Under load that is how
// one slow query turns into a full pool, and a full pool into an outage.
//
// The analyzer reports calls of a method that takes no context when its
// Context twin exists: Query, QueryRow, Exec, Prepare, Begin and Ping of
// *sql.DB; Query, QueryRow, Exec, Prepare and Stmt of *sql.Tx; Query,
// QueryRow and Exec of *sql.Stmt; and sqlx's Select, Get, Queryx, QueryRowx,
// NamedExec, NamedQuery, MustExec, Preparex, PrepareNamed, Beginx, MustBegin
// (methods and package functions). Methods are recognized by type: promoted
// through an embedded field (*sqlx.DB, a Store embedding *sql.DB), called
// through a method value or a method expression, or through an interface or
// a type parameter's constraint whose method set also has the Context twin
// (a user's Querier with Query and QueryContext).
//
// By default a call is reported only where a context is at hand in the
// enclosing function or the functions around its closure: a parameter or
// variable whose type implements context.Context, a *gin.Context, an
// *http.Request or an echo.Context. A variable set to context.Background()
// (or never set) is no context at hand. A closure that runs after its creator
// returns (go func() {...}(), go db.Exec(...), t.Cleanup, time.AfterFunc,
// context.AfterFunc) or whose work is shared by every caller (sync.Once.Do,
// sync.OnceFunc, OnceValue, OnceValues, singleflight) does not see its
// creator's contexts: the request's context would cancel work that must
// outlive it. Test files (_test.go) are not analyzed
// unless -ctxquery.tests is set; with it, a *testing.T, B or F is a context
// at hand too (t.Context(), Go 1.24 and later). With -ctxquery.strict, every
// call is reported, context at hand or not. Generated files are not
// analyzed.
//
// It also reports a database call given context.Background() or
// context.TODO() while a context is at hand (category detached-context):
// QueryContext, BeginTx, Conn, pgx and pgxpool calls, gorm's WithContext. A
// function that builds its own deadline from the background,
// context.WithTimeout(context.Background(), ...), is not reported.
//
// Bad:
//
//	func (s *Server) payment(w http.ResponseWriter, r *http.Request) {
//		row := s.db.QueryRow("SELECT status FROM payments WHERE id = $1", id)
//		...
//	}
//
// Good:
//
//	func (s *Server) payment(w http.ResponseWriter, r *http.Request) {
//		row := s.db.QueryRowContext(r.Context(), "SELECT status FROM payments WHERE id = $1", id)
//		...
//	}
//
// Each finding carries one suggested fix where the rewrite is mechanical and
// type-checks: switch to the Context twin and pass the context at hand first
// (Begin() becomes BeginTx(ctx, nil), Beginx() BeginTxx(ctx, nil),
// MustBegin() MustBeginTx(ctx, nil), tx.Stmt(s) tx.StmtContext(ctx, s)), or
// replace context.Background() with the context at hand. The context is the
// innermost one; in one scope a context.Context variable is preferred to
// r.Context(). For a *gin.Context c the fix passes c.Request.Context(): gin's
// own Done channel is nil unless the engine sets ContextWithFallback. No fix
// is offered for a call through a method value, where no context is at hand,
// where a type declares its own twin over the promoted one, or where the twin
// would not accept the arguments (sqlx.Select(q, ...) when q does not
// implement sqlx.QueryerContext); the message then says what to do.
//
// # Layers: sqlc, ORMs
//
// The query methods sqlc generates (recognized by the generated shape of
// their Queries type, in whatever package they live) take the context
// first, and so do bun's query builders (Scan, Exec, Count...) and ent's
// generated builders (All, Only, Save...): given context.Background() or
// context.TODO() while a context is at hand, they are reported as detached,
// with the fix to pass it. A gorm chain that runs a statement (Find, First,
// Create, Save, Update, Delete, Exec, Count, Transaction, Begin...) from a
// pool kept in a field or a package variable without WithContext, where a
// context is at hand, is reported once, at the start of the chain (category
// missing-context), with the fix db.Where(...).Find(&x) ->
// db.WithContext(ctx).Where(...).Find(&x). A chain started from a
// parameter or a local variable (a transaction, a session that may carry a
// context already), and a field that the package ever fills with a chain
// carrying a context, are not reported.
package ctxquery
