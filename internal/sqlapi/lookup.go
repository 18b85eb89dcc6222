package sqlapi

import (
	"go/types"
	"slices"
)

// tables is the index of every library's rows, keyed for the lookups below.
type tables struct {
	roots       map[string]bool
	contextAPIs map[string]bool
	classes     map[[2]string]*Class      // pkg, type
	producers   map[[3]string]ProducerRow // pkg, type ("" for functions), method
	owners      map[[3]string]OwnerRow
	wrappers    map[[3]string]WrapperRow
	scoped      map[[3]string]ScopedRow
	builders    map[[2]string]*BuilderRow // pkg, type
	openers     map[[2]string]Opener
	sinks       map[[2]string]Sink
	twinNames   map[string]Twin
	twins       map[[3]string]bool
	execNames   map[string]string
}

var index = buildIndex(libraries)

func buildIndex(libs []*Library) *tables {
	t := &tables{
		roots:       make(map[string]bool),
		contextAPIs: make(map[string]bool),
		classes:     make(map[[2]string]*Class),
		producers:   make(map[[3]string]ProducerRow),
		owners:      make(map[[3]string]OwnerRow),
		wrappers:    make(map[[3]string]WrapperRow),
		scoped:      make(map[[3]string]ScopedRow),
		builders:    make(map[[2]string]*BuilderRow),
		openers:     make(map[[2]string]Opener),
		sinks:       make(map[[2]string]Sink),
		twinNames:   make(map[string]Twin),
		twins:       make(map[[3]string]bool),
		execNames:   make(map[string]string),
	}
	for _, lib := range libs {
		for _, r := range lib.Roots {
			t.roots[r] = true
		}
		for _, p := range lib.ContextAPIs {
			t.contextAPIs[p] = true
		}
		for i := range lib.Classes {
			c := &lib.Classes[i]
			t.classes[[2]string{c.Pkg, c.Type}] = c
		}
		for _, r := range lib.Producers {
			t.producers[[3]string{r.Pkg, r.Type, r.Method}] = r
		}
		for _, r := range lib.Owners {
			t.owners[[3]string{r.Pkg, r.Type, r.Func}] = r
		}
		for _, r := range lib.Wrappers {
			t.wrappers[[3]string{r.Pkg, r.Type, r.Func}] = r
		}
		for _, r := range lib.Scoped {
			t.scoped[[3]string{r.Pkg, r.Type, r.Func}] = r
		}
		for i := range lib.Builders {
			r := &lib.Builders[i]
			for _, typ := range r.Types {
				t.builders[[2]string{r.Pkg, typ}] = r
			}
		}
		for _, r := range lib.Openers {
			t.openers[[2]string{r.Pkg, r.Func}] = r.Opener
		}
		for _, r := range lib.Sinks {
			t.sinks[[2]string{r.Pkg, r.Func}] = r.Sink
		}
		for name, twin := range lib.TwinNames {
			t.twinNames[name] = twin
		}
		for q, x := range lib.ExecNames {
			t.execNames[q] = x
		}
		for _, r := range lib.Twins {
			for _, n := range r.Names {
				t.twins[[3]string{r.Pkg, r.Type, n}] = true
			}
		}
	}
	return t
}

// Releases reports whether the method name releases a handle of the class.
func (c *Class) Releases(name string) bool { return c != nil && slices.Contains(c.Release, name) }

// HandsOver reports whether the method name hands a handle of the class
// over to someone else.
func (c *Class) HandsOver(name string) bool { return c != nil && slices.Contains(c.HandOver, name) }

// Drains reports whether the method name is the class's Next: its false
// result releases the rows.
func (c *Class) Drains(name string) bool { return c != nil && c.Drain != "" && c.Drain == name }

// TakesNoConn reports whether the method name of a pool takes no
// connection: one of its Idle methods, or, for a pool with Runs, any other.
func (c *Class) TakesNoConn(name string) bool {
	return c != nil && (slices.Contains(c.Idle, name) || len(c.Runs) > 0 && !slices.Contains(c.Runs, name))
}

// IsRun reports whether the method name of a pool with Runs runs the
// statement built on it.
func (c *Class) IsRun(name string) bool { return c != nil && slices.Contains(c.Runs, name) }

// IsSession reports whether the call is one of the class's Sessions,
// declared on the class's own type: its result is the same handle as its
// receiver.
func (c *Class) IsSession(call Call) bool {
	if c == nil || call.Interface() || !slices.Contains(c.Sessions, call.Name()) {
		return false
	}
	k, ok := call.key()
	return ok && k[0] == c.Pkg && k[1] == c.Type
}

// BeginResult returns the class of the transaction the call begins on a
// pool whose transactions have its own type (gorm's db.Begin()), or nil.
func BeginResult(c Call) *Class {
	k := c.MethodClass()
	if k == nil || k.TxClass == nil || c.Interface() || !slices.Contains(k.Begins, c.Name()) {
		return nil
	}
	return k.TxClass
}

// builderOf returns the builder row of t (or *t), or nil.
func builderOf(t types.Type) *BuilderRow {
	n := namedOf(t)
	if n == nil || n.Obj().Pkg() == nil {
		return nil
	}
	if b := index.builders[[2]string{n.Obj().Pkg().Path(), n.Obj().Name()}]; b != nil {
		return b
	}
	return entBuilderOf(n)
}

// IsBuilder reports whether t is (a pointer to) a query builder type.
func IsBuilder(t types.Type) bool { return builderOf(t) != nil }

// IsSetting reports whether the method name configures a pool.
func (c *Class) IsSetting(name string) bool { return c != nil && slices.Contains(c.Settings, name) }

// classOfNamed returns the class of t itself (T or *T, through aliases),
// without looking into embedded fields.
func classOfNamed(t types.Type) *Class {
	n := namedOf(t)
	if n == nil || n.Obj().Pkg() == nil {
		return nil
	}
	if c := index.classes[[2]string{n.Obj().Pkg().Path(), n.Obj().Name()}]; c != nil {
		return c
	}
	return entClass(n)
}

// ClassOf returns the handle class t is or wraps: a library's handle type
// (or a pointer to it), through aliases, or a (pointer to a) struct type
// that embeds one, at any depth (*sqlx.Rows embeds *sql.Rows; a user's
// Store may embed *sql.DB). When a struct embeds several handles, the
// shallowest wins. nil when t is no handle.
func ClassOf(t types.Type) *Class {
	return classOf(t, 0)
}

func classOf(t types.Type, depth int) *Class {
	if t == nil {
		return nil
	}
	if c := classOfNamed(t); c != nil {
		return c
	}
	if depth > 4 {
		return nil
	}
	named := namedOf(t)
	if named == nil {
		return nil
	}
	st, ok := named.Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	for i := range st.NumFields() {
		if f := st.Field(i); f.Embedded() {
			if c := classOfNamed(f.Type()); c != nil {
				return c
			}
		}
	}
	for i := range st.NumFields() {
		if f := st.Field(i); f.Embedded() {
			if c := classOf(f.Type(), depth+1); c != nil {
				return c
			}
		}
	}
	return nil
}

// HandleOf reports which handle t is or wraps (see ClassOf).
func HandleOf(t types.Type) Handle {
	if c := ClassOf(t); c != nil {
		return c.Kind
	}
	return NoHandle
}

// MethodClass returns the class of the type the call's callee is declared
// on (a concrete method, promoted ones included, or a method of one of the
// libraries' interfaces such as pgx.Rows), or nil.
func (c Call) MethodClass() *Class {
	recv := c.Func.Signature().Recv()
	if recv == nil {
		return nil
	}
	return classOfNamed(recv.Type())
}

// key returns the callee's package path, receiver type name ("" for a
// package-level function) and name, or ok false.
func (c Call) key() (k [3]string, ok bool) {
	if c.Func == nil || c.Func.Pkg() == nil {
		return k, false
	}
	typeName := ""
	if recv := c.Func.Signature().Recv(); recv != nil {
		n := namedOf(recv.Type())
		if n == nil {
			return k, false
		}
		typeName = n.Obj().Name()
	}
	return [3]string{c.Func.Pkg().Path(), typeName, c.Func.Name()}, true
}

// row looks the call's callee up in one of the tables.
func row[T any](m map[[3]string]T, c Call) (T, bool) {
	k, ok := c.key()
	if !ok {
		var zero T
		return zero, false
	}
	r, ok := m[k]
	return r, ok
}

// ProducerOf returns the row overriding the default freshness rule for the
// call's callee, if there is one.
func ProducerOf(c Call) (ProducerRow, bool) { return row(index.producers, c) }

// OwnerOf returns the row of a function that decides the fate of a handle
// it is given: the Owners of the tables, and sqlc's New(db), Prepare(ctx,
// db) and q.WithTx(tx), which leave the handle to their caller (see
// [IsQueries]).
func OwnerOf(c Call) (OwnerRow, bool) {
	if r, ok := row(index.owners, c); ok {
		return r, true
	}
	if i := queriesNew(c); i >= 0 {
		return OwnerRow{Arg: i, Effect: Neutral}, true
	}
	if IsWithTx(c) {
		return OwnerRow{Arg: 0, Effect: Neutral}, true
	}
	return OwnerRow{}, false
}

// WrapperOf returns the row of a call whose result holds the handle of one
// of its operands.
func WrapperOf(c Call) (WrapperRow, bool) { return row(index.wrappers, c) }

// ScopedOf returns the row of a function that holds a pool's handle for the
// time of a callback.
func ScopedOf(c Call) (ScopedRow, bool) { return row(index.scoped, c) }

// IsLibrary reports whether fn is declared in one of the packages of a
// library the tables describe (its handles' methods are library API, not
// code to read).
func IsLibrary(fn *types.Func) bool {
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	p := fn.Pkg().Path()
	if index.contextAPIs[p] || index.roots[p] {
		return true
	}
	if recv := fn.Signature().Recv(); recv != nil {
		return classOfNamed(recv.Type()) != nil
	}
	return false
}

// OpenerOf reports whether the call opens a connection pool (or a
// connection): sql.Open, sql.OpenDB, sqlx.Open/MustOpen/Connect/
// MustConnect/ConnectContext, pgxpool.New/NewWithConfig (v4:
// Connect/ConnectConfig), pgx.Connect/ConnectConfig, pgx stdlib.OpenDB,
// gorm.Open.
func OpenerOf(c Call) (Opener, bool) {
	if c.Recv != nil || c.Func.Pkg() == nil {
		return Opener{}, false
	}
	if o, ok := index.openers[[2]string{c.Func.Pkg().Path(), c.Func.Name()}]; ok {
		return o, true
	}
	return forkOpener(c.Func)
}

// forkOpener recognizes the openers of a fork of sqlx published under
// another import path (a package named sqlx): Open, MustOpen, Connect,
// MustConnect and ConnectContext with sqlx's parameters, returning a
// pointer to a struct that embeds *sql.DB.
func forkOpener(fn *types.Func) (Opener, bool) {
	if fn.Pkg().Name() != "sqlx" || fn.Pkg().Path() == Sqlx {
		return Opener{}, false
	}
	o, ok := index.openers[[2]string{Sqlx, fn.Name()}]
	if !ok {
		return Opener{}, false
	}
	sig := fn.Signature()
	params := sig.Params()
	if params.Len() != o.DSN+1 || sig.Results().Len() == 0 {
		return Opener{}, false
	}
	for i := range params.Len() {
		want := types.Typ[types.String]
		if i < o.Driver {
			if !IsContext(params.At(i).Type()) {
				return Opener{}, false
			}
			continue
		}
		if !types.Identical(params.At(i).Type(), want) {
			return Opener{}, false
		}
	}
	res := sig.Results().At(0).Type()
	if _, isPtr := res.(*types.Pointer); !isPtr || classOfNamed(res) != nil {
		return Opener{}, false
	}
	if c := ClassOf(res); c == nil || c.Kind != DB {
		return Opener{}, false
	}
	return o, true
}

// SinkOf reports whether the call passes a connection string to a pool opener
// or a driver's parser: the DSN argument of every [OpenerOf] that takes one,
// pgx.ParseConfig, pgxpool.ParseConfig, pgconn.Connect/ParseConfig,
// mysql.ParseDSN, pq.NewConnector, and gorm's mysql.Open and postgres.Open.
func SinkOf(c Call) (Sink, bool) {
	if c.Recv != nil || c.Func.Pkg() == nil {
		return Sink{}, false
	}
	key := [2]string{c.Func.Pkg().Path(), c.Func.Name()}
	if s, ok := index.sinks[key]; ok {
		return s, true
	}
	if o, ok := index.openers[key]; ok && o.DSN >= 0 {
		return Sink{Arg: o.DSN, Driver: o.Driver, Dialect: o.Dialect}, true
	}
	return Sink{}, false
}

// ExecMethod returns the name of the receiver's method that runs the
// statement of the query call without returning rows (Query: Exec), when
// the receiver has it with the same parameters.
func ExecMethod(info *types.Info, c Call) (string, bool) {
	name, ok := index.execNames[c.Name()]
	if !ok || c.Recv == nil || c.Via != Direct {
		return "", false
	}
	recvT := info.TypeOf(c.Recv)
	if recvT == nil {
		return "", false
	}
	obj, _, _ := types.LookupFieldOrMethod(recvT, true, c.Func.Pkg(), name)
	m, ok := obj.(*types.Func)
	if !ok {
		return "", false
	}
	q, x := c.Func.Signature(), m.Signature()
	if !types.Identical(q.Params(), x.Params()) || q.Variadic() != x.Variadic() {
		return "", false
	}
	return name, true
}

// TakesContext reports whether the call's callee is a database call whose
// first parameter (after the receiver) is a context.Context:
//   - a function or method of database/sql, sqlx, pgx (v4, v5, pgxpool,
//     pgconn) or gorm (also when promoted through an embedded field):
//     QueryContext, BeginTx, Conn, pgxpool's Query, gorm's WithContext...;
//   - a method of an interface or of a type parameter's constraint named
//     like a Context twin (QueryContext, ExecContext, BeginTx, ...);
//   - a query method of a sqlc-generated Queries (see [QueriesMethod]);
//   - a query builder's method that runs it (ent's All(ctx), Save(ctx)),
//     and a method of ent's generated Client (Tx(ctx)).
func TakesContext(c Call) bool {
	sig, ok := c.Func.Type().(*types.Signature)
	if !ok || sig.Params().Len() == 0 {
		return false
	}
	if QueriesMethod(c) || builderRun(c) || !c.Interface() && c.MethodClass() == &entClient {
		return IsContext(sig.Params().At(0).Type())
	}
	if !(c.Func.Pkg() != nil && index.contextAPIs[c.Func.Pkg().Path()]) && !(c.Interface() && index.twinNamed(c.Func.Name())) {
		return false
	}
	return IsContext(sig.Params().At(0).Type())
}

// twinNamed reports whether name is the name of a Context twin.
func (t *tables) twinNamed(name string) bool {
	for _, tw := range t.twinNames {
		if tw.Name == name {
			return true
		}
	}
	return false
}
