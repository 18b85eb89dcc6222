package maxopenzero

// This file holds the settings of a SQLite pool that live in its DSN: the
// pragmas its connections get. SQLite's drivers disagree on the syntax
// (mattn's _busy_timeout=5000, modernc's and ncruces' _pragma=NAME(VALUE)),
// and a parameter the driver at hand does not read is dropped without an
// error, so the busy timeout or journal mode the team believes in is not
// set. And a pool of more than one connection whose connections have no
// busy timeout fails concurrent writes at once with "database is locked".
// Both are pool settings, read where the pool is configured: here, next to
// SetMaxOpenConns, which decides whether the second one matters.

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/dbpoollint/dbpoollint/internal/assembly"
	"github.com/dbpoollint/dbpoollint/internal/dbdriver"
	"github.com/dbpoollint/dbpoollint/internal/flow"
	"github.com/dbpoollint/dbpoollint/internal/lifecycle"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// sqliteDSN is the known text of a DSN given to a SQLite opener.
type sqliteDSN struct {
	text   string // the DSN, its values written as unknownValue
	prefix bool   // its start is constant: whether it starts with file: is known
	params []sqlapi.SQLiteParam
}

// checkSQLite reports the DSN parameters a SQLite driver ignores and the
// pools whose connections have no busy timeout.
func (c *pkgRun) checkSQLite() {
	var drv *dbdriver.Package
	var order []ast.Expr
	openings := make(map[ast.Expr]dbdriver.Opening)
	for _, pc := range c.calls {
		if !pc.Resolved || !c.maySQLite(pc.Call) {
			continue
		}
		if drv == nil {
			drv = dbdriver.Of(c.pass)
		}
		op, ok := drv.Opens(c.pass, c.res, pc.Call)
		if !ok || !op.Driver.SQLite.Readable() {
			continue
		}
		prev, seen := openings[op.DSN]
		if !seen {
			order = append(order, op.DSN)
		}
		if !seen || prev.Pool == nil {
			openings[op.DSN] = op
		}
	}
	if len(order) == 0 {
		return
	}
	t := assembly.New(c.fl, c.res, func(sqlapi.Call) bool { return false })
	hooks := c.connectionHooks()
	for _, e := range order {
		op := openings[e]
		dsn, ok := c.knownDSN(t, e)
		version := drv.Version(op.Driver)
		if !hooks {
			// A DSN not known (a flag, a path joined to it) is taken to set
			// no pragma: the Exec says the code relies on itself for it.
			c.reportConnectionPragmas(op, dsn, version)
		}
		if !ok {
			continue
		}
		busyReported := c.reportIgnored(op, dsn, version)
		if !busyReported && !hooks {
			c.reportNoBusy(op, dsn, version)
		}
	}
}

// reportConnectionPragmas reports a PRAGMA that sets a value of one
// connection (busy_timeout, foreign_keys, cache_size...) sent with Exec on
// a pool that may hold more than one: only the connection that ran it gets
// it, the next one opens with the default. Not journal_mode=WAL, which the
// database file keeps, nor a pragma the DSN sets too, nor a busy_timeout
// when the driver gives the other connections one of its own (mattn's 5 s).
func (c *pkgRun) reportConnectionPragmas(op dbdriver.Opening, d sqliteDSN, version string) {
	if op.Pool == nil || c.skipTests(op.Pool) {
		return
	}
	var pool *types.Var
	for _, h := range lifecycle.Of(c.pass).Kinds(sqlapi.DB) {
		if h.Call == op.Pool {
			pool = h.Var
		}
	}
	if pool == nil {
		return
	}
	checked := false
	for _, pc := range c.calls {
		if !pc.Resolved || pc.Call.Recv == nil {
			continue
		}
		q := -1
		switch {
		case pc.Call.IsMethod(sqlapi.SQL, "DB", "Exec"):
			q = 0
		case pc.Call.IsMethod(sqlapi.SQL, "DB", "ExecContext"):
			q = 1
		}
		id, ok := ast.Unparen(pc.Call.Recv).(*ast.Ident)
		if q < 0 || q >= len(pc.Call.Args) || !ok || c.pass.TypesInfo.ObjectOf(id) != pool {
			continue
		}
		tv := c.pass.TypesInfo.Types[pc.Call.Args[q]]
		if tv.Value == nil || tv.Value.Kind() != constant.String {
			continue
		}
		name, arg, ok := sqlapi.PragmaStatement(constant.StringVal(tv.Value))
		if !ok || slices.ContainsFunc(d.params, func(p sqlapi.SQLiteParam) bool { return p.Pragma == name }) {
			continue
		}
		if name == "busy_timeout" {
			dsn := d.text
			if !d.prefix {
				dsn = "file:"
			}
			if op.Driver.SQLite.BusyTimeout(dsn, d.params, version) != sqlapi.BusyNone {
				continue // the others get the driver's own
			}
		}
		if !checked {
			if c.poolOfOne(op.Pool, false) {
				return
			}
			checked = true
		}
		const format = "PRAGMA %s via %s.%s sets one connection; the pool's others open without it: %s or SetMaxOpenConns(1)"
		remedy := "set it in a connection hook"
		if sp, ok := op.Driver.SQLite.PragmaSpelling(name, arg); ok {
			remedy = "add " + sp + " to the DSN"
		}
		msg := fmt.Sprintf(format, name, id.Name, pc.Call.Name(), remedy)
		if len(msg) > 160 {
			msg = fmt.Sprintf(format, name, id.Name, pc.Call.Name(), "set it in the DSN")
		}
		c.report(pc.Call.Expr, CategorySQLitePragma, msg)
	}
}

// connectionHooks reports whether the package calls a SQLite driver's
// function or method whose name has Hook in it (modernc's
// RegisterConnectionHook): a hook may set the busy timeout of every
// connection.
func (c *pkgRun) connectionHooks() bool {
	for _, pc := range c.calls {
		if !pc.Resolved || pc.Call.Func == nil || pc.Call.Func.Pkg() == nil || !strings.Contains(pc.Call.Func.Name(), "Hook") {
			continue
		}
		if d, ok := sqlapi.DriverOfImport(pc.Call.Func.Pkg().Path()); ok && d.IsSQLite() {
			return true
		}
	}
	return false
}

// unknownValue stands for a value of an assembled DSN in its text: messages
// show it as is.
const unknownValue = "..."

// queryTemplate returns the text of a DSN assembled from the template (a
// Printf-style template whose %s are values), each value written as
// unknownValue, when its query (after the first ? of the constant text)
// is known but for whole values: key=%s, or _pragma=NAME(%s).
func queryTemplate(tmpl string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(tmpl); i++ {
		switch {
		case strings.HasPrefix(tmpl[i:], "%%"):
			b.WriteByte('%')
			i++
		case strings.HasPrefix(tmpl[i:], "%s"):
			b.WriteString(unknownValue)
			i++
		default:
			b.WriteByte(tmpl[i])
		}
	}
	text := b.String()
	q := strings.IndexByte(tmpl, '?')
	if q < 0 {
		return "", false
	}
	for _, param := range strings.Split(tmpl[q+1:], "&") {
		if !strings.Contains(param, "%s") {
			continue
		}
		key, value, _ := strings.Cut(param, "=")
		if strings.Contains(key, "%s") {
			return "", false
		}
		if value == "%s" {
			continue
		}
		name, arg, ok := strings.Cut(value, "(")
		if key != "_pragma" || !ok || arg != "%s)" || strings.Contains(name, "%") {
			return "", false
		}
	}
	return text, true
}

// maySQLite reports whether the call may open a SQLite pool: a function of
// a SQLite driver or dialector, or an opener given the constant name of a
// SQLite driver. It asks nothing of the module.
func (c *pkgRun) maySQLite(call sqlapi.Call) bool {
	if call.Func == nil || call.Func.Pkg() == nil || call.Recv != nil {
		return false
	}
	if d, ok := sqlapi.DriverOfImport(call.Func.Pkg().Path()); ok {
		return d.IsSQLite()
	}
	if call.IsFunc(sqlapi.Gorm, "Open") {
		return true
	}
	o, ok := sqlapi.OpenerOf(call)
	if !ok || o.Driver < 0 || o.Driver >= len(call.Args) {
		return false
	}
	tv := c.pass.TypesInfo.Types[call.Args[o.Driver]]
	if tv.Value == nil || tv.Value.Kind() != constant.String {
		return false
	}
	return slices.ContainsFunc(sqlapi.DriversNamed(constant.StringVal(tv.Value)), (*sqlapi.DriverRow).IsSQLite)
}

// knownDSN returns the text of the DSN e holds, when it is one constant or
// one assembly whose query (after the first ?) is constant text.
func (c *pkgRun) knownDSN(t *assembly.Tracer, e ast.Expr) (sqliteDSN, bool) {
	var d sqliteDSN
	if tv := c.pass.TypesInfo.Types[e]; tv.Value != nil && tv.Value.Kind() == constant.String {
		d.text, d.prefix = constant.StringVal(tv.Value), true
	} else {
		srcs := t.Sources(e)
		if len(srcs) != 1 {
			return d, false
		}
		switch s := srcs[0]; s.Kind {
		case assembly.Constant:
			d.text, d.prefix = s.Text, true
		case assembly.Assembled:
			text, ok := queryTemplate(s.Asm.Template())
			if !ok {
				return d, false
			}
			d.text, d.prefix = text, !strings.HasPrefix(text, unknownValue)
		default:
			return d, false
		}
	}
	if i := strings.IndexByte(d.text, '?'); i >= 0 {
		d.params = sqlapi.SQLiteQuery(d.text[i+1:], i+1)
	}
	return d, true
}

// reportIgnored reports the parameters of the DSN the driver ignores, with
// the rewrite in the driver's syntax when the DSN is the literal itself. It
// reports whether a busy timeout is among them.
func (c *pkgRun) reportIgnored(op dbdriver.Opening, d sqliteDSN, version string) bool {
	s := op.Driver.SQLite
	dsn := d.text
	if !d.prefix {
		dsn = "file:" // not known: take it as read
	}
	ignored, noFile := s.Ignored(dsn, d.params, version)
	if len(ignored) == 0 {
		return false
	}
	first := ignored[0]
	what := first.Raw
	if len(ignored) > 1 {
		what = fmt.Sprintf("%s (and %d more)", first.Raw, len(ignored)-1)
	}
	title := op.Driver.Title
	if s.KeysSince != "" && first.Mattn && version != "" {
		title += " " + version
	}
	// No fix: rewriting the parameters turns on what the program never had
	// (foreign keys that now reject writes, WAL and its files), which its
	// author has to decide; the message spells the right parameter.
	var msg string
	switch {
	case noFile:
		msg = fmt.Sprintf("%s is ignored by %s without file: in front, and becomes part of the file name; start the DSN with file:",
			what, title)
	default:
		reads := "which reads only _pragma"
		if first.Listed {
			reads = "which reads no _pragma"
		}
		remedy := "set it in a connection hook"
		if sp, ok := s.Spelling(first); ok {
			remedy = "write " + sp
		}
		loss := s.PragmaLoss(first.Pragma, s.BusyTimeout(dsn, d.params, version))
		msg = fmt.Sprintf("%s is ignored by %s, %s: %s; %s", what, title, reads, loss, remedy)
	}
	diag := analysis.Diagnostic{Pos: op.DSN.Pos(), End: op.DSN.End(), Category: CategorySQLiteIgnored, Message: msg}
	c.pass.Report(diag)
	return slices.ContainsFunc(ignored, func(p sqlapi.SQLiteParam) bool { return p.Pragma == "busy_timeout" })
}

// reportNoBusy reports a pool that may hold more than one connection whose
// connections get no busy timeout.
func (c *pkgRun) reportNoBusy(op dbdriver.Opening, d sqliteDSN, version string) {
	s := op.Driver.SQLite
	if op.Pool == nil || c.skipTests(op.Pool) || !d.prefix && s.FileOnly || noWriters(d) {
		return
	}
	dsn := d.text
	if !d.prefix {
		dsn = "file:"
	}
	if s.BusyTimeout(dsn, d.params, version) != sqlapi.BusyNone || c.oneConnection(op.Pool) {
		return
	}
	c.report(op.DSN, CategorySQLiteNoBusy, fmt.Sprintf(
		"%s pool without busy_timeout: concurrent writers fail at once with database is locked; add %s or SetMaxOpenConns(1)",
		op.Driver.Title, s.BusyRemedy()))
}

// noWriters reports whether the DSN opens an in-memory or read-only
// database, whose connections do not wait on one another's writes.
func noWriters(d sqliteDSN) bool {
	lower := strings.ToLower(d.text)
	if strings.Contains(lower, ":memory:") {
		return true
	}
	for _, p := range d.params {
		v := strings.ToLower(p.Value)
		switch {
		case p.Key == "mode" && (v == "memory" || v == "ro"),
			p.Key == "immutable" && v == "1",
			p.Pragma == "query_only" && p.Arg != "" && p.Arg != "0" && !strings.EqualFold(p.Arg, "false") && !strings.EqualFold(p.Arg, "off"):
			return true
		}
	}
	return false
}

// oneConnection reports whether the pool the call opens may be limited to
// one connection, or its size cannot be seen: a SetMaxOpenConns whose
// argument is 1 or not a constant on the pool, in the function that opens
// it (gorm's db.DB()), on a field or a package variable (where the pool may
// be stored); a pool the lifecycle does not follow, or one handed where its
// settings cannot be seen (returned out of the package, passed on).
func (c *pkgRun) oneConnection(pool *ast.CallExpr) bool { return c.poolOfOne(pool, true) }

// poolOfOne is oneConnection; oneOff says whether a pool opened, used and
// closed in one function counts as one connection (for the busy timeout: a
// one-off pool; not for a pragma lost on its other connections, where main
// opening, deferring Close and serving is the common shape).
func (c *pkgRun) poolOfOne(pool *ast.CallExpr, oneOff bool) bool {
	lc := lifecycle.Of(c.pass)
	for _, h := range lc.Kinds(sqlapi.DB) {
		if h.Call != pool {
			continue
		}
		for _, g := range c.groups {
			if g.fn != h.Func && g.field == nil && (g.pool.Root == nil || g.pool.Root.Parent() != c.pass.Pkg.Scope()) {
				continue
			}
			for _, s := range g.calls["SetMaxOpenConns"] {
				if n, ok := intValue(s); !ok || n == 1 {
					return true
				}
			}
		}
		if oneOff && closedHere(h) {
			return true // a one-off pool, opened, used and closed here
		}
		for _, u := range h.Uses {
			if u.Setting == "SetMaxOpenConns" {
				return false // a constant other than 1: more than one connection
			}
		}
		l := &limits{pass: c.pass, res: c.res, lc: lc}
		switch reason := l.unlimited(h, 0); {
		case reason == "":
			return true
		case reason == "returned":
			// Out of the package: its caller can size a pool it gets as
			// such, not one kept in an unexported field.
			return returnsPool(c.pass.TypesInfo, h.Func)
		}
		return false
	}
	return true
}

// returnsPool reports whether one of the function's results is a pool, or
// a type that embeds one.
func returnsPool(info *types.Info, f *flow.Func) bool {
	if f == nil || f.Type == nil {
		return true
	}
	if f.Type.Results == nil {
		return false
	}
	for _, field := range f.Type.Results.List {
		if sqlapi.HandleOf(info.TypeOf(field.Type)) == sqlapi.DB {
			return true
		}
	}
	return false
}
