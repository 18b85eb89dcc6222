package dsninject

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/dbpoollint/dbpoollint/internal/analyzerdoc"
	"github.com/dbpoollint/dbpoollint/internal/assembly"
	"github.com/dbpoollint/dbpoollint/internal/dbdriver"
	"github.com/dbpoollint/dbpoollint/internal/flow"
	"github.com/dbpoollint/dbpoollint/internal/ignore"
	"github.com/dbpoollint/dbpoollint/internal/reqscope"
	"github.com/dbpoollint/dbpoollint/internal/scope"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

//go:embed doc.go
var doc string

// Diagnostic categories.
const (
	// CategoryAssembled: a DSN assembled from values reaches a pool opener
	// or a driver's parser.
	CategoryAssembled = "dsn-assembled"
	// CategoryFormat: a fmt.Sprintf whose format is shaped like a DSN
	// assembles one from values, wherever it goes.
	CategoryFormat = "dsn-format"
	// CategoryInsecure: with -insecure-options, a constant DSN option that
	// turns transport security off or widens the attack surface.
	CategoryInsecure = "dsn-insecure-option"
)

// Analyzer is dsninject with its default settings.
var Analyzer = New()

// New returns a fresh dsninject analyzer with its own flags.
func New() *analysis.Analyzer {
	c := new(checker)
	a := &analysis.Analyzer{
		Name:     "dsninject",
		Doc:      analyzerdoc.Extract(doc, "dsninject"),
		URL:      analyzerdoc.PageURL("dsninject"),
		Requires: []*analysis.Analyzer{scope.Analyzer},
		Run:      ignore.Wrap(c.run),
	}
	a.Flags.Var(sqlapi.FuncRefs{Refs: &c.sinks}, "sinks",
		"comma-separated extra DSN sinks: pkg/path.Func:argIndex or (*pkg/path.Type).Method:argIndex (argIndex counts from 0, after the receiver)")
	a.Flags.BoolVar(&c.tests, "tests", false,
		"also report in _test.go files (silent by default: fixtures build throwaway DSNs for local containers)")
	a.Flags.BoolVar(&c.insecureOptions, "insecure-options", false,
		"also report constant DSN options that disable transport security or widen the attack surface (sslmode=disable, tls=false, tls=skip-verify, allowAllFiles=true, allowCleartextPasswords=true, multiStatements=true)")
	return a
}

type checker struct {
	sinks           []sqlapi.FuncRef
	tests           bool
	insecureOptions bool
}

// state is one run over one package.
type state struct {
	c        *checker
	pass     *analysis.Pass
	fl       *flow.Package
	res      *sqlapi.Resolver
	t        *assembly.Tracer
	covered  map[ast.Node]bool // assembly sites reported through a sink
	findings map[ast.Node]*finding
	order    []*finding
	fixed    map[ast.Node]bool                // Sprintf calls already given a fix
	names    map[*types.Scope]map[string]bool // names the fixes declare, per scope
	consts   []constRef                       // constant DSN parts seen, for -insecure-options
	calls    []scope.Call                     // the package's calls, resolved
	in       *inspector.Inspector
	scopes   *reqscope.Finder // request scopes, built on first use
}

// constRef is a constant that ends up in a DSN.
type constRef struct {
	expr ast.Expr
	text string
}

func (c *checker) run(pass *analysis.Pass) (any, error) {
	pkg := scope.Of(pass)
	if !pkg.Reaches && !c.reachesSink(pass.Pkg) {
		return nil, nil
	}
	in := pkg.Inspector()
	res := pkg.Resolver()
	st := &state{
		c:        c,
		pass:     pass,
		fl:       pkg.Flow(),
		res:      res,
		covered:  make(map[ast.Node]bool),
		findings: make(map[ast.Node]*finding),
		fixed:    make(map[ast.Node]bool),
		names:    make(map[*types.Scope]map[string]bool),
		in:       in,
	}
	st.t = assembly.New(pkg.Flow(), res, st.safeCall)
	calls := pkg.Calls()
	st.calls = calls
	wrappers := st.wrappers()
	for _, pc := range calls {
		if !pc.Resolved {
			continue
		}
		call, rc := pc.Expr, pc.Call
		if s, ok := st.sinkOf(rc, wrappers); ok && s.arg < len(rc.Args) && !st.skipped(call.Pos()) {
			st.checkSink(rc, s)
		}
	}
	for _, f := range st.order {
		if f.merged == nil {
			st.report(f)
		}
	}
	for _, pc := range calls {
		call, cur := pc.Expr, pc.Cur
		if pc.Resolved && pc.Call.IsFunc("fmt", "Sprintf") && !st.covered[call] && !st.skipped(call.Pos()) && !st.onlyParsed(cur) {
			st.checkFormat(call, cur)
		}
	}
	if c.insecureOptions {
		st.checkInsecure(in)
	}
	return nil, nil
}

// reachesSink reports whether pkg is, or imports directly or transitively,
// the package of a sink of -dsninject.sinks: a driver with a native API may
// not import database/sql.
func (c *checker) reachesSink(pkg *types.Package) bool {
	paths := make(map[string]bool)
	for _, s := range c.sinks {
		paths[s.Pkg] = true
	}
	return len(paths) > 0 && sqlapi.ReachesAny(pkg, paths)
}

// skipped reports whether pos is in test code (a _test.go file, a function
// taking a *testing.T, a test harness package) and tests are not included.
func (st *state) skipped(pos token.Pos) bool {
	if st.c.tests {
		return false
	}
	return scope.Of(st.pass).Flow().ForTests(pos)
}

// safePart reports whether a call returns text that cannot carry DSN
// syntax: a structured builder, an escaper, a number's formatter, or a
// function whose name says it escapes or quotes.
func safePart(c sqlapi.Call) bool {
	if sqlapi.SafeDSNPart(c) != sqlapi.NotSafe {
		return true
	}
	if c.IsMethod("encoding/base64", "Encoding", "EncodeToString") {
		// URL-safe alphabets only: the standard one has / and +.
		if sel, ok := ast.Unparen(c.Recv).(*ast.SelectorExpr); ok {
			return sel.Sel.Name == "URLEncoding" || sel.Sel.Name == "RawURLEncoding"
		}
	}
	name := strings.ToLower(c.Name())
	return strings.Contains(name, "escape") || strings.Contains(name, "quote")
}

// injectable reports whether a value of the assembly can rewrite the DSN. It
// cannot when no operand is a value, or when the one value is the whole DSN
// and only constant options follow it: os.Getenv("DATABASE_URL") +
// "?sslmode=require".
func injectable(a *assembly.Assembly) bool {
	var ps []assembly.Piece
	nvals := 0
	for _, p := range a.Pieces {
		if p.Kind == assembly.Const && p.Text == "" {
			continue
		}
		if p.Kind == assembly.Value {
			nvals++
		}
		ps = append(ps, p)
	}
	if nvals == 0 {
		return false
	}
	if nvals == 1 {
		i := slices.IndexFunc(ps, func(p assembly.Piece) bool { return p.Kind == assembly.Value })
		// The whole DSN from one value, after nothing but a constant scheme
		// ("postgres://" + addr): the value is the DSN, there is nothing for
		// it to rewrite.
		if i == 0 || i == 1 && ps[0].Kind == assembly.Const && isScheme(ps[0].Text) {
			if i == len(ps)-1 {
				return false
			}
			// ... followed only by constant options: DATABASE_URL + "?sslmode=require".
			next := ps[i+1]
			if next.Kind == assembly.Safe || next.Kind == assembly.Const && strings.IndexByte("?&; \t", next.Text[0]) >= 0 {
				return false
			}
			// The whole DSN first, then only the program's own constants
			// (dsn += "&"; dsn += "parseTime=true", the separator added on
			// another path).
			if i == 0 && !slices.ContainsFunc(ps[1:], func(p assembly.Piece) bool { return p.Kind == assembly.Value }) {
				return false
			}
		}
	}
	return true
}

// isScheme reports whether text is a URL scheme and its separator only:
// "postgres://".
func isScheme(text string) bool {
	scheme, ok := strings.CutSuffix(text, "://")
	if !ok || scheme == "" {
		return false
	}
	for _, r := range scheme {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '+' || r == '-' || r == '.') {
			return false
		}
	}
	return true
}

// A finding is one chain of assemblies of a DSN from values and the sinks
// they reach: the assemblies that reach a common sink and the sinks a common
// assembly reaches are one mistake, reported once, at the first assembly,
// where the fix goes.
type finding struct {
	asms    []*assembly.Assembly
	dialect sqlapi.Dialect
	pgx     bool // a sink is pgx's: its config has a field per parameter
	sinks   []reached
	merged  *finding // set when merged into another finding
}

// reached is a sink call an assembly reaches.
type reached struct {
	name string   // the sink, as messages name it
	arg  ast.Expr // the DSN argument
}

// root returns the finding f was merged into, if any.
func (f *finding) root() *finding {
	for f.merged != nil {
		f = f.merged
	}
	return f
}

// checkSink notes the assemblies of values that reach a DSN argument.
func (st *state) checkSink(rc sqlapi.Call, s sink) {
	arg := rc.Args[s.arg]
	driver := ""
	fileDriver := false // a file database's driver may open the DSN, if it is a path
	if s.driver >= 0 && s.driver < len(rc.Args) {
		names, known := st.driverNames(rc.Args[s.driver])
		if len(names) == 1 {
			driver = names[0] // a constant driver name
		}
		files := 0
		for _, n := range names {
			if sqlapi.IsFileDriverName(n) {
				files++
			}
		}
		if known && files == len(names) {
			return // a path to a local file, not a network DSN
		}
		// Paths go to a file database's driver, unless every driver that can
		// reach the opener is known to be a network one.
		fileDriver = files > 0 || !known
	}
	d := s.dialect
	if d == sqlapi.UnknownDialect {
		d = sqlapi.DialectOfDriver(driver)
	}
	name := s.name
	if s.via != "" {
		name = s.via
	}
	var chain *finding // the finding of this sink, once one of its assemblies has one
	for _, src := range st.t.Sources(arg) {
		switch src.Kind {
		case assembly.Constant:
			if src.Expr != nil {
				st.consts = append(st.consts, constRef{src.Expr, src.Text})
			}
		case assembly.Assembled:
			st.noteConsts(src.Asm)
			if !injectable(src.Asm) || fileDriver && st.pathOnly(src.Asm) || sqliteURIPath(src.Asm) {
				continue // a file's path, for the file database's driver
			}
			f := st.findings[src.Asm.Site]
			switch {
			case f == nil && chain == nil:
				f = &finding{asms: []*assembly.Assembly{src.Asm}}
				st.order = append(st.order, f)
			case f == nil:
				f = chain
				f.asms = append(f.asms, src.Asm)
			case chain != nil && f.root() != chain:
				// The assembly reaches another sink too: one chain.
				r := f.root()
				r.merged = chain
				chain.asms = append(chain.asms, r.asms...)
				chain.sinks = append(chain.sinks, r.sinks...)
				chain.pgx = chain.pgx || r.pgx
				if chain.dialect == sqlapi.UnknownDialect {
					chain.dialect = r.dialect
				}
			}
			chain = f.root()
			st.findings[src.Asm.Site] = chain
			st.covered[src.Asm.Site] = true
			for _, site := range src.Asm.Sites {
				st.covered[site] = true // a DSN-shaped Sprintf folded into it
			}
		}
	}
	if chain == nil {
		return
	}
	if chain.dialect == sqlapi.UnknownDialect {
		chain.dialect = d
	}
	if p := rc.Func.Pkg().Path(); strings.HasPrefix(p, sqlapi.PgxV5) || strings.HasPrefix(p, sqlapi.PgxV4) {
		chain.pgx = true
	}
	chain.sinks = append(chain.sinks, reached{name, arg})
}

// driverNames returns the constant driver names e may hold, and whether
// every value it may hold is one of them.
func (st *state) driverNames(e ast.Expr) (names []string, known bool) {
	srcs := st.t.Sources(e)
	known = len(srcs) > 0
	for _, src := range srcs {
		if src.Kind != assembly.Constant {
			known = false
			continue
		}
		if !slices.Contains(names, src.Text) {
			names = append(names, src.Text)
		}
	}
	return names, known
}

// pathOnly reports whether every value of the assembly is a file system
// path (path.Join, filepath.Clean, os.TempDir...), directly or through local
// variables: with numbers and constants, the DSN names a file.
// sqliteURIPath reports whether the assembly is an SQLite URI
// ("file:" + path + "?" + options) whose values all sit in its path, before
// the first ?: a path's @ / & = and spaces are literal there, and the
// options after it are constants or a builder's (url.Values.Encode).
func sqliteURIPath(a *assembly.Assembly) bool {
	if len(a.Pieces) == 0 || a.Pieces[0].Kind != assembly.Const || !strings.HasPrefix(a.Pieces[0].Text, "file:") {
		return false
	}
	query := false
	for _, p := range a.Pieces {
		switch {
		case p.Kind == assembly.Const && strings.Contains(p.Text, "?"):
			query = true
		case p.Kind == assembly.Value && query:
			return false // a value in the options
		}
	}
	return true
}

func (st *state) pathOnly(a *assembly.Assembly) bool {
	vals := a.Values()
	for _, v := range vals {
		if !st.isPath(v, 0) {
			return false
		}
	}
	return len(vals) > 0
}

// isPath reports whether e is a path function's result, or a local
// variable holding only those (depth bounds the chain).
func (st *state) isPath(e ast.Expr, depth int) bool {
	e = ast.Unparen(e)
	if call, ok := e.(*ast.CallExpr); ok {
		c, ok := st.res.Resolve(call)
		return ok && sqlapi.IsPathFunc(c)
	}
	id, ok := e.(*ast.Ident)
	if !ok || depth > 3 || st.fl.LocalVar(id) == nil {
		return false
	}
	srcs := st.t.Sources(id)
	for _, s := range srcs {
		switch {
		case s.Kind == assembly.Assembled && s.Asm != nil:
			for _, v := range s.Asm.Values() {
				if !st.isPath(v, depth+1) {
					return false
				}
			}
		case s.Kind == assembly.Constant:
		case s.Expr == nil || !st.isPath(s.Expr, depth+1):
			return false
		}
	}
	return len(srcs) > 0
}

// onlyParsed reports whether the string the call at cur returns only feeds
// url.Parse, a function that redacts or masks it (a URL built for display),
// or an error's text, a print or a log line (a masked copy of the DSN for
// messages), directly or through a local variable: no connection is made
// with it.
func (st *state) onlyParsed(cur inspector.Cursor) bool {
	parsing := func(call inspector.Cursor) bool {
		c, ok := st.res.Resolve(call.Node().(*ast.CallExpr))
		if !ok {
			return false
		}
		name := strings.ToLower(c.Name())
		return sqlapi.IsURLParse(c) || sqlapi.IsDisplay(c) || strings.Contains(name, "redact") || strings.Contains(name, "mask")
	}
	d := st.fl.Dest(cur, 0)
	switch d.Kind {
	case flow.Argument:
		return parsing(d.Call)
	case flow.Bound:
		f := st.fl.Enclosing(cur)
		if f == nil || !f.IsLocal(d.Var) {
			return false
		}
		uses := 0
		for _, u := range f.Uses(d.Var) {
			switch u.ParentEdgeKind() {
			case edge.AssignStmt_Lhs, edge.ValueSpec_Names:
				continue
			case edge.CallExpr_Args:
				if parsing(u.Parent()) {
					uses++
					continue
				}
			}
			return false
		}
		return uses > 0
	}
	return false
}

// extendsDSN reports whether e holds a DSN that a DSN-shaped fmt.Sprintf
// assembled: a Sprintf that appends options to it is the same DSN, one
// finding at its first builder.
func (st *state) extendsDSN(e ast.Expr) bool {
	for _, s := range st.t.Sources(e) {
		if s.Kind != assembly.Assembled || s.Asm == nil || s.Asm.Sprintf == nil {
			continue
		}
		if _, ok := sqlapi.ShapeOfDSN(s.Asm.Format); ok {
			return true
		}
	}
	return false
}

// checkFormat reports a fmt.Sprintf whose constant format is shaped like a
// DSN and that formats a value into it, unless a sink finding already
// covers it, or it is a display string: the result of a String or Error
// method, or every value Go-quoted by %q.
func (st *state) checkFormat(call *ast.CallExpr, cur inspector.Cursor) {
	if len(call.Args) < 2 {
		return
	}
	format, ok := stringConst(st.pass.TypesInfo, call.Args[0])
	if !ok || !isString(st.pass.TypesInfo, call.Args[0]) {
		return
	}
	shape, ok := sqlapi.ShapeOfDSN(format)
	if !ok || !dbdriver.Of(st.pass).MayOpen(shape.Dialect) {
		return // no driver of the program opens a DSN of this dialect
	}
	if sqlapi.ForeignDSN(format) {
		return // a JDBC URL, for a consumer outside Go: a sink it reaches is reported as dsn-assembled
	}
	if strings.HasPrefix(format, "%s") && st.extendsDSN(call.Args[1]) {
		return // connString = Sprintf("%s sslmode=%s", connString, ...): the DSN's own finding covers it
	}
	src := st.t.Assemble(call)
	a := src.Asm
	if a == nil {
		return
	}
	st.noteConsts(a)
	if !injectable(a) || goQuoted(a) || st.displayResult(cur) {
		return
	}
	risk, build := sqlapi.DSNRisk(shape.Dialect, shape.Form)
	if !st.fromRequest([]*assembly.Assembly{a}, nil) {
		if st.escapesPassword(a, shape.Form) {
			return // the operator's values, the password escaped: the fix
		}
		risk, build = breakage(shape.Dialect, shape.Form, st.valueTemplate(a), false)
		if risk == "" {
			return // go-sql-driver's parser takes any password and address
		}
	}
	diag := analysis.Diagnostic{
		Pos:      call.Pos(),
		End:      call.End(),
		Category: CategoryFormat,
		Message:  message(fmt.Sprintf("Sprintf builds %s from ", shape), a.Values(), risk, build),
	}
	if shape.Dialect == sqlapi.MySQL {
		if fix := st.mysqlFix(a); fix != nil {
			diag.SuggestedFixes = []analysis.SuggestedFix{*fix}
		}
	}
	st.pass.Report(diag)
}

// goQuoted reports whether every value of the assembly is formatted by %q
// (host=%q user=%q): printed between double quotes with its quotes escaped,
// for a reader, since no driver's key=value parser reads Go's escapes; a
// space or a quote in it cannot break the pairs apart.
func goQuoted(a *assembly.Assembly) bool {
	for _, p := range a.Pieces {
		if p.Kind == assembly.Value && !p.Quoted {
			return false
		}
	}
	return true
}

// displayResult reports whether the string the call at cur returns is the
// result of a String() string or Error() string method: a fmt.Stringer's or
// an error's text, for display.
func (st *state) displayResult(cur inspector.Cursor) bool {
	for cur.ParentEdgeKind() == edge.ParenExpr_X {
		cur = cur.Parent()
	}
	if cur.ParentEdgeKind() != edge.ReturnStmt_Results {
		return false
	}
	for fc := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		decl, ok := fc.Node().(*ast.FuncDecl)
		if !ok || decl.Recv == nil || decl.Name.Name != "String" && decl.Name.Name != "Error" {
			return false
		}
		fn, ok := st.pass.TypesInfo.Defs[decl.Name].(*types.Func)
		if !ok {
			return false
		}
		sig := fn.Signature()
		return sig.Params().Len() == 0 && sig.Results().Len() == 1 && types.Identical(sig.Results().At(0).Type(), types.Typ[types.String])
	}
	return false
}

// noteConsts remembers the constant parts of an assembly.
func (st *state) noteConsts(a *assembly.Assembly) {
	for _, p := range a.Pieces {
		if p.Kind == assembly.Const && p.Expr != nil {
			st.consts = append(st.consts, constRef{p.Expr, p.Text})
		}
	}
}

// stringConst returns e's value when it is a constant (of any basic kind),
// as the text it prints as.
func stringConst(info *types.Info, e ast.Expr) (string, bool) {
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil {
		return "", false
	}
	if tv.Value.Kind() == constant.String {
		return constant.StringVal(tv.Value), true
	}
	return tv.Value.ExactString(), true
}

func isString(info *types.Info, e ast.Expr) bool {
	tv, ok := info.Types[e]
	if !ok || tv.Type == nil {
		return false
	}
	b, ok := tv.Type.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}
