package a

import (
	"context"
	"database/sql"
	"net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jmoiron/sqlx"
	"github.com/labstack/echo/v4"
	"gorm.io/gorm"
)

type Server struct {
	db *sql.DB
	x  *sqlx.DB
}

// Store reaches database/sql's methods by embedding.
type Store struct {
	*sql.DB
}

// Querier is a user's interface with both methods.
type Querier interface {
	Query(query string, args ...any) (*sql.Rows, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Legacy has Query but no QueryContext: there is no twin to switch to.
type Legacy interface {
	Query(query string, args ...any) (*sql.Rows, error)
}

// A request handler: r.Context() is at hand.
func (s *Server) payment(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("id")
	row := s.db.QueryRow("SELECT status FROM payments WHERE id = $1", id) // want `^s\.db\.QueryRow takes no context, so nothing cancels the query; use s\.db\.QueryRowContext\(r\.Context\(\), \.\.\.\)$`
	var status string
	_ = row.Scan(&status)

	// The idiomatic twin: silent.
	row = s.db.QueryRowContext(r.Context(), "SELECT status FROM payments WHERE id = $1", id)
	_ = row.Scan(&status)
}

// A context.Context parameter.
func markPaid(ctx context.Context, db *sql.DB, id int64) error {
	_, err := db.Exec("UPDATE payments SET paid = true WHERE id = $1", id) // want `^db\.Exec takes no context, so nothing cancels the query; use db\.ExecContext\(ctx, \.\.\.\)$`
	return err
}

// Begin, Ping and Prepare; and Tx's methods, Stmt included.
func transfer(ctx context.Context, db *sql.DB, stmt *sql.Stmt) error {
	if err := db.Ping(); err != nil { // want `^db\.Ping takes no context, so nothing cancels the ping; use db\.PingContext\(ctx\)$`
		return err
	}
	tx, err := db.Begin() // want `^db\.Begin takes no context, so cancelling never rolls it back; use db\.BeginTx\(ctx, nil\)$`
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("UPDATE accounts SET balance = balance - 1"); err != nil { // want `^tx\.Exec takes no context, so nothing cancels the query; use tx\.ExecContext\(ctx, \.\.\.\)$`
		return err
	}
	// Rebinding a prepared statement to the transaction is not the query:
	// only the statement's Exec is reported.
	if _, err := tx.Stmt(stmt).Exec(); err != nil { // want `^tx\.Stmt\(stmt\)\.Exec takes no context, so nothing cancels the query; use tx\.Stmt\(stmt\)\.ExecContext\(ctx\)$`
		return err
	}
	if _, err := tx.Stmt(stmt).ExecContext(ctx); err != nil {
		return err
	}
	p, err := tx.Prepare("SELECT 1") // want `^tx\.Prepare takes no context, so nothing cancels the prepare; use tx\.PrepareContext\(ctx, \.\.\.\)$`
	if err != nil {
		return err
	}
	defer p.Close()
	rows, err := p.Query( // want `^p\.Query takes no context, so nothing cancels the query; use p\.QueryContext\(ctx, \.\.\.\)$`
		1,
		2,
	)
	if err != nil {
		return err
	}
	defer rows.Close()
	return tx.Commit()
}

// sqlx: promoted database/sql methods, sqlx's own methods, its package
// functions.
func sqlxCalls(ctx context.Context, x *sqlx.DB, q sqlx.Queryer, ns *sqlx.NamedStmt) error {
	var names []string
	if err := x.Select(&names, "SELECT name FROM users"); err != nil { // want `^x\.Select takes no context, so nothing cancels the query; use x\.SelectContext\(ctx, \.\.\.\)$`
		return err
	}
	rows, err := x.Query("SELECT 1") // want `^x\.Query takes no context, so nothing cancels the query; use x\.QueryContext\(ctx, \.\.\.\)$`
	if err != nil {
		return err
	}
	rows.Close()
	tx, err := x.Beginx() // want `^x\.Beginx takes no context, so cancelling never rolls it back; use x\.BeginTxx\(ctx, nil\)$`
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx2 := x.MustBegin() // want `^x\.MustBegin takes no context, so cancelling never rolls it back; use x\.MustBeginTx\(ctx, nil\)$`
	defer tx2.Rollback()
	if err := sqlx.Select(x, &names, "SELECT name FROM users"); err != nil { // want `^sqlx\.Select takes no context, so nothing cancels the query; use sqlx\.SelectContext\(ctx, \.\.\.\)$`
		return err
	}
	// A Queryer need not implement QueryerContext: no fix, but the message says what is needed.
	if err := sqlx.Get(q, &names, "SELECT name FROM users"); err != nil { // want `^sqlx\.Get takes no context, so nothing cancels the query; use sqlx\.GetContext\(ctx, \.\.\.\) \(q must implement sqlx\.QueryerContext\)$`
		return err
	}
	if _, err := ns.Exec(map[string]any{"id": 1}); err != nil { // want `^ns\.Exec takes no context, so nothing cancels the query; use ns\.ExecContext\(ctx, \.\.\.\)$`
		return err
	}
	return nil
}

// Embedding, method expressions, method values, interfaces, generics.
func reach(ctx context.Context, s *Store, db *sql.DB, q Querier, l Legacy) {
	s.Exec("DELETE FROM sessions")           // want `^s\.Exec takes no context, so nothing cancels the query; use s\.ExecContext\(ctx, \.\.\.\)$`
	(*sql.DB).Exec(db, "DELETE FROM events") // want `^\(\*sql\.DB\)\.Exec takes no context, so nothing cancels the query; use \(\*sql\.DB\)\.ExecContext\(db, ctx, \.\.\.\)$`

	exec := db.Exec
	exec("DELETE FROM audit") // want `^exec \(db\.Exec\) takes no context, so nothing cancels the query; use db\.ExecContext\(ctx, \.\.\.\)$`

	rows, err := q.Query("SELECT 1") // want `^q\.Query takes no context, so nothing cancels the query; use q\.QueryContext\(ctx, \.\.\.\)$`
	if err == nil {
		rows.Close()
	}
	rows, err = l.Query("SELECT 1") // no QueryContext on Legacy: nothing to switch to
	if err == nil {
		rows.Close()
	}
}

func generic[Q interface {
	Exec(query string, args ...any) (sql.Result, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}](ctx context.Context, q Q) {
	q.Exec("VACUUM") // want `^q\.Exec takes no context, so nothing cancels the query; use q\.ExecContext\(ctx, \.\.\.\)$`
}

// gin: c is a context, but the request's is c.Request.Context().
func ginHandler(db *sql.DB) gin.HandlerFunc {
	return func(c *gin.Context) {
		rows, err := db.Query("SELECT 1") // want `^db\.Query takes no context, so nothing cancels the query; use db\.QueryContext\(c\.Request\.Context\(\), \.\.\.\)$`
		if err == nil {
			rows.Close()
		}
	}
}

// echo: c.Request().Context().
func echoHandler(db *sql.DB) echo.HandlerFunc {
	return func(c echo.Context) error {
		_, err := db.Exec("DELETE FROM carts") // want `^db\.Exec takes no context, so nothing cancels the query; use db\.ExecContext\(c\.Request\(\)\.Context\(\), \.\.\.\)$`
		return err
	}
}

// The innermost context wins: the request's, not the constructor's.
func innermost(ctx context.Context, db *sql.DB) http.HandlerFunc {
	db.Exec("CREATE TABLE IF NOT EXISTS t (id int)") // want `^db\.Exec takes no context, so nothing cancels the query; use db\.ExecContext\(ctx, \.\.\.\)$`
	return func(w http.ResponseWriter, r *http.Request) {
		db.Exec("INSERT INTO t VALUES (1)") // want `^db\.Exec takes no context, so nothing cancels the query; use db\.ExecContext\(r\.Context\(\), \.\.\.\)$`
	}
}

// In one scope a context.Context variable is preferred to r.Context(), and
// the latest declared to the earlier.
func preferVar(w http.ResponseWriter, r *http.Request, db *sql.DB) {
	ctx, cancel := context.WithTimeout(r.Context(), time.Second)
	defer cancel()
	db.Exec("SELECT 1") // want `^db\.Exec takes no context, so nothing cancels the query; use db\.ExecContext\(ctx, \.\.\.\)$`
	qctx, qcancel := context.WithTimeout(ctx, time.Second)
	defer qcancel()
	db.Exec("SELECT 2") // want `^db\.Exec takes no context, so nothing cancels the query; use db\.ExecContext\(qctx, \.\.\.\)$`
	_ = qctx
}

// A shadowed context is not at hand: the fix must not name the wrong ctx.
func shadowed(ctx context.Context, r *http.Request, db *sql.DB) {
	{
		ctx := "not a context"
		_ = ctx
		db.Exec("SELECT 1") // want `^db\.Exec takes no context, so nothing cancels the query; use db\.ExecContext\(r\.Context\(\), \.\.\.\)$`
	}
	db.Exec("SELECT 2") // want `^db\.Exec takes no context, so nothing cancels the query; use db\.ExecContext\(ctx, \.\.\.\)$`
}

// Not at hand: nothing to report by default.
func noContext(db *sql.DB) {
	db.Exec("SELECT 1")
	var x struct{ ctx context.Context }
	_ = x
}

// A variable declared after the call is not at hand there.
func declaredLater(db *sql.DB) context.Context {
	db.Exec("SELECT 1")
	ctx := context.WithValue(context.TODO(), "k", "v")
	return ctx
}

// Context variables that carry no cancellation are not at hand: one set to
// context.Background(), a zero one, a named result.
func notSources(db *sql.DB) (res context.Context) {
	bg := context.Background()
	var zero context.Context
	db.Exec("SELECT 1")
	_, _ = bg, zero
	return nil
}

// A background job with its own deadline is right.
func backgroundJob(db *sql.DB) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db.ExecContext(ctx, "DELETE FROM sessions WHERE expires < now()")
}

// The same job ignoring the deadline it built for the DELETE: reported,
// with no fix (the VACUUM would get what is left of the DELETE's minute).
func ignoresOwnDeadline(db *sql.DB) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db.ExecContext(ctx, "DELETE FROM sessions WHERE expires < now()")
	db.ExecContext(context.Background(), "VACUUM") // want `^db\.ExecContext gets context\.Background\(\) though ctx is at hand: nothing cancels the query; pass ctx$`
}

// With nothing else at hand the background is the only choice.
func onlyBackground(db *sql.DB) {
	db.ExecContext(context.Background(), "VACUUM")
}

// Already given a context: silent.
func withContext(ctx context.Context, db *sql.DB) {
	db.ExecContext(ctx, "SELECT 1")
	tx, err := db.BeginTx(ctx, nil)
	if err == nil {
		tx.Rollback()
	}
}

// Detached: a context at hand replaced by the background.
func detached(w http.ResponseWriter, r *http.Request, db *sql.DB, pool *pgxpool.Pool, g *gorm.DB) {
	db.ExecContext(context.Background(), "DELETE FROM carts") // want `^db\.ExecContext gets context\.Background\(\) though r\.Context\(\) is at hand: nothing cancels the query; pass r\.Context\(\)$`
	tx, err := db.BeginTx(context.TODO(), nil)                // want `^db\.BeginTx gets context\.TODO\(\) though r\.Context\(\) is at hand: cancelling never rolls it back; pass r\.Context\(\)$`
	if err == nil {
		tx.Rollback()
	}
	rows, err := pool.Query(context.Background(), "SELECT 1") // want `^pool\.Query gets context\.Background\(\) though r\.Context\(\) is at hand: nothing cancels the query; pass r\.Context\(\)$`
	if err == nil {
		rows.Close()
	}
	g.WithContext(context.Background()).Exec("DELETE FROM carts") // want `^g\.WithContext gets context\.Background\(\) though r\.Context\(\) is at hand: nothing cancels the query; pass r\.Context\(\)$`
}

// A goroutine outlives the handler: the request's context would cancel its
// work, so it is not at hand there, and detaching is right.
func async(w http.ResponseWriter, r *http.Request, db *sql.DB) {
	go func() {
		db.Exec("INSERT INTO audit VALUES (1)")
		db.ExecContext(context.Background(), "INSERT INTO audit VALUES (2)")
	}()
	time.AfterFunc(time.Second, func() {
		db.Exec("INSERT INTO audit VALUES (3)")
	})
	go db.Exec("INSERT INTO audit VALUES (6)")
	go db.ExecContext(context.Background(), "INSERT INTO audit VALUES (7)")
	go func(ctx context.Context) {
		db.Exec("INSERT INTO audit VALUES (4)") // want `^db\.Exec takes no context, so nothing cancels the query; use db\.ExecContext\(ctx, \.\.\.\)$`
	}(context.WithoutCancel(r.Context()))
	func() {
		db.Exec("INSERT INTO audit VALUES (5)") // want `^db\.Exec takes no context, so nothing cancels the query; use db\.ExecContext\(r\.Context\(\), \.\.\.\)$`
	}()
}

// Work shared by every caller must not hang on the first caller's context.
var (
	schemaOnce sync.Once
	schemaErr  error
)

func shared(w http.ResponseWriter, r *http.Request, db *sql.DB) {
	schemaOnce.Do(func() {
		_, schemaErr = db.Exec("CREATE TABLE IF NOT EXISTS t (id int)")
	})
	load := sync.OnceValue(func() error {
		return db.PingContext(context.Background())
	})
	_ = load()
}

func suppressed(ctx context.Context, db *sql.DB) {
	//dbpoollint:ignore ctxquery the migration must finish even if the caller gives up
	db.Exec("ALTER TABLE t ADD COLUMN c int")
}

// extract returns the executor's context, or nil: the callers below treat the
// context as optional, and only use it when it is set.
func extract(e any) (*sql.DB, context.Context) { return nil, nil }

func optionalContext(e any, q string) (*sql.Rows, error) {
	db, ctx := extract(e)
	if ctx != nil {
		return db.QueryContext(ctx, q)
	}
	return db.Query(q)
}

func optionalContextDefaulted(ctx context.Context, db *sql.DB) error {
	if ctx == nil {
		ctx = context.Background()
	}
	_, err := db.Exec("DELETE FROM sessions")
	return err
}

// A deadline made for the first query: the second, heavier one runs
// without it on purpose. Reported, with no fix: under ctx it would get what
// is left of the first query's budget.
func reportsAfterMin(db *sql.DB, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var min int64
	if err := db.QueryRowContext(ctx, "SELECT min(at) FROM reports").Scan(&min); err != nil {
		return err
	}
	rows, err := db.Query("SELECT kind, count(*) FROM reports WHERE at >= $1 GROUP BY kind", min) // want `^db\.Query takes no context, so nothing cancels the query; use db\.QueryContext\(ctx, \.\.\.\)$`
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
	}
	return rows.Err()
}

// A log shared by every writer: rotated under its lock on behalf of all of
// them. One writer's context must not decide the rotation: reported, with
// no fix.
type eventLog struct {
	mu sync.Mutex
	db *sql.DB
	n  int
}

func (l *eventLog) append(ctx context.Context) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.n++
	if l.n%1000 == 0 {
		return l.rotate(ctx)
	}
	return nil
}

func (l *eventLog) rotate(ctx context.Context) error {
	_, err := l.db.Exec("INSERT INTO logs (start) VALUES ($1)", l.n) // want `^l\.db\.Exec takes no context, so nothing cancels the query; use l\.db\.ExecContext\(ctx, \.\.\.\)$`
	return err
}

// The lock taken in the function itself.
func (l *eventLog) flush(ctx context.Context) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	_, err := l.db.Exec("DELETE FROM pending") // want `^l\.db\.Exec takes no context, so nothing cancels the query; use l\.db\.ExecContext\(ctx, \.\.\.\)$`
	return err
}

// Two levels down from the lock: append locks, grow calls rotateDeep.
func (l *eventLog) appendDeep(ctx context.Context) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.grow(ctx)
}

func (l *eventLog) grow(ctx context.Context) error {
	l.n++
	return l.rotateDeep(ctx)
}

func (l *eventLog) rotateDeep(ctx context.Context) error {
	_, err := l.db.Exec("INSERT INTO logs (start) VALUES ($1)", l.n) // want `^l\.db\.Exec takes no context, so nothing cancels the query; use l\.db\.ExecContext\(ctx, \.\.\.\)$`
	return err
}
