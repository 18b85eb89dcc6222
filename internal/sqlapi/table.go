package sqlapi

// This file defines the shape of the tables: what the suite knows of a
// database library is one Library value, in a file of its own (lib_*.go),
// made of rows and no code. The lookups of lookup.go read the index built
// from every library listed in [libraries].

// Library is what the suite knows of one database library (and of the
// major versions that share its API).
type Library struct {
	// Name names the library in documentation.
	Name string
	// Roots are the packages whose presence in a package's import graph
	// makes it worth analyzing (see Reaches).
	Roots []string
	// ContextAPIs are the packages whose functions and methods taking a
	// context.Context first are database calls (ctxquery's detached
	// contexts).
	ContextAPIs []string
	// Classes are the library's handle types.
	Classes []Class
	// Producers override the default rule for calls returning a handle (see
	// Fresh): views of a handle the receiver keeps, statements bound to a
	// transaction.
	Producers []ProducerRow
	// Owners are functions that take a handle as an argument and decide its
	// fate: pgx.CollectRows closes the rows it reads, sqlx.StructScan reads
	// them to the end.
	Owners []OwnerRow
	// Wrappers are calls whose result holds the same handle as one of their
	// operands: sqlx.NewDb(db, driver), gormDB.DB().
	Wrappers []WrapperRow
	// Scoped are functions that take a handle from a pool, run a callback
	// with it and release it themselves: pgx.BeginFunc(ctx, pool, fn).
	Scoped []ScopedRow
	// Builders are query builders: made by a method of a pool, a
	// connection or a transaction (bun's db.NewSelect()), bound to it, and
	// run on it by their Runs methods.
	Builders []BuilderRow
	// Openers open a connection pool; Sinks take a connection string.
	Openers []OpenerRow
	Sinks   []SinkRow
	// TwinNames maps the names of methods and functions without a context
	// to their Context twin (Query: QueryContext); Twins list, per receiver,
	// those whose twin exists on the same receiver.
	TwinNames map[string]Twin
	Twins     []TwinRow
	// ExecNames map the methods that return rows to the method that runs the
	// same statement without returning any: Query to Exec.
	ExecNames map[string]string
}

// Class is one handle type of a library: a type whose values pin a pooled
// connection (or are the pool) until released.
type Class struct {
	// Pkg and Type name the type (its pointer counts too).
	Pkg, Type string
	Kind      Handle
	// Release are the methods that release the handle: Close, Commit and
	// Rollback, a row's Scan, a pgxpool connection's Release.
	Release []string
	// Defer is the release a fix defers right after the handle is produced
	// (Close, Rollback, Release), "" when none fits (a row is scanned, not
	// deferred). DeferCtx is set when it takes the producer's context first
	// (pgx's Rollback(ctx), Close(ctx)).
	Defer    string
	DeferCtx bool
	// HandOver are the methods after which the handle is no longer the
	// caller's to release (pgxpool.Conn's Hijack).
	HandOver []string
	// Drain is the method whose false result means the rows were read to the
	// end and released (Next), or "".
	Drain string
	// TxEnd is set when the end (Commit or Rollback) of the transaction the
	// handle was produced on releases it: database/sql closes a
	// transaction's rows and statements; pgx does not (its next statement
	// fails with "conn busy").
	TxEnd bool
	// Cancel is set when cancelling the context the handle was produced
	// with releases it: database/sql watches that context, closes the rows
	// and rolls the transaction back.
	Cancel bool
	// ScanErrReleases is set when a Scan that returns an error closes the
	// rows (pgx: a failed Scan is fatal to them).
	ScanErrReleases bool
	// ErrCloses is set when the rows' own Err returning an error means they
	// are closed (or being closed) and their connection released:
	// database/sql sets it only with the close a failed Next or an ended
	// context triggers. Not pgx's: pgx.Rows is an interface whose
	// implementations may release their connection only in Close
	// (pgxpool's).
	ErrCloses bool
	// Standalone is set for a connection opened on its own, not taken from
	// a pool (pgx.Connect's *pgx.Conn).
	Standalone bool
	// Idle are, for a pool, the methods that take no connection from it.
	Idle []string
	// Runs are, for a pool whose other methods build a statement and return
	// a view of the same pool (gorm's Where, Model, WithContext), the
	// methods that run it and take a connection (Find, Create, Exec...).
	Runs []string
	// Begins are, for a pool whose transactions have its own type (gorm's
	// Begin returns a *gorm.DB), the methods that begin one; TxClass is the
	// class of what they return.
	Begins  []string
	TxClass *Class
	// WithContext is, for a pool with Runs, the chain method that binds a
	// context to the statement being built (gorm's WithContext): a chain
	// whose run has none runs without a deadline.
	WithContext string
	// Sessions are the methods of the handle's own type that return a
	// session of the same handle (gorm's tx.WithContext(ctx), tx.Session(..),
	// tx.Debug(): a *gorm.DB sharing the transaction's *sql.Tx): releasing
	// the session releases the handle.
	Sessions []string
	// ErrField is the field of a handle that holds the error of the call
	// producing it (gorm's tx.Error): when it is not nil, nothing is held.
	ErrField string
	// Settings are, for a pool, the methods that configure its size and the
	// lifetime of its connections.
	Settings []string
	// Bounded is set for a pool that always has a limit (pgxpool's MaxConns
	// defaults to max(4, NumCPU)); a database/sql pool, and the pools of the
	// libraries built on it, have none until SetMaxOpenConns gives one.
	Bounded bool
}

// Effect is what a call does to a handle it is given.
type Effect int

const (
	// Neutral: reads it and leaves it open (Next, Scan on rows, Exec on a tx).
	Neutral Effect = iota
	// Drains: reads rows to the end, which releases them only if nothing
	// stops the reading early.
	Drains
	// Releases: closes, commits, rolls back or scans it.
	Releases
	// HandsOver: keeps it, or passes it where its fate cannot be seen.
	HandsOver
)

// ProducerRow overrides the default rule (see Fresh) for one method.
type ProducerRow struct {
	Pkg, Type, Method string
	// Fresh is false for a view of a handle the receiver keeps (pgx.Tx's
	// Conn) and for a statement bound to a transaction (sql.Tx's Prepare).
	Fresh bool
	// Arg, when not -1, makes freshness depend on argument Arg being a pool
	// or a connection (sqlx.Preparex(p, q) is fresh for a pool, bound for a
	// transaction).
	Arg int
}

// OwnerRow is a function (or a method, with Type) that takes a handle as
// argument Arg and decides its fate.
type OwnerRow struct {
	Pkg, Type, Func string
	Arg             int
	Effect          Effect
}

// WrapperRow is a call whose result holds the handle of operand From (-1:
// the receiver) of a method of Type, or of the package-level Func.
type WrapperRow struct {
	Pkg, Type, Func string
	From            int
}

// ScopedRow is a function (or a method, with Type) that takes a handle of
// Kind from pool argument Pool (-1: the receiver), runs callback argument
// Callback with it, and releases it when the callback returns.
type ScopedRow struct {
	Pkg, Type, Func string
	Pool, Callback  int
	Kind            Handle
}

// BuilderRow is the query builder types of a package, and the methods
// that run the statement they build (the others build it further and
// return a builder bound to the same handle).
type BuilderRow struct {
	Pkg   string
	Types []string
	Runs  []string
	// RunsWithContext is set when every method taking a context first runs
	// the statement (ent's generated builders).
	RunsWithContext bool
}

// OpenerRow is a function that opens a connection pool.
type OpenerRow struct {
	Pkg, Func string
	Opener
}

// SinkRow is a function that takes a connection string.
type SinkRow struct {
	Pkg, Func string
	Sink
}

// TwinRow lists, for the methods of one receiver type (Type "" for
// package-level functions), those whose Context twin it also has.
type TwinRow struct {
	Pkg, Type string
	Names     []string
}

// libraries is every table the suite reads, in no particular order.
var libraries = []*Library{
	&databaseSQL,
	&sqlxLibrary,
	&pgxV5Library,
	&pgxV4Library,
	&gormLibrary,
	&gormV1Library,
	&bunLibrary,
	&driversLibrary,
}
