package dsninject

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/dbpoollint/dbpoollint/internal/analyzerdoc"
	"github.com/dbpoollint/dbpoollint/internal/ignore"
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
		URL:      "https://github.com/dbpoollint/dbpoollint#dsninject",
		Requires: []*analysis.Analyzer{scope.Analyzer},
		Run:      ignore.Wrap(c.run),
	}
	a.Flags.Var(sinkFlag{&c.sinks}, "sinks",
		"comma-separated extra DSN sinks: pkg/path.Func:argIndex or (*pkg/path.Type).Method:argIndex (argIndex counts from 0, after the receiver)")
	a.Flags.BoolVar(&c.tests, "tests", false,
		"also report in _test.go files (silent by default: fixtures build throwaway DSNs for local containers)")
	a.Flags.BoolVar(&c.insecureOptions, "insecure-options", false,
		"also report constant DSN options that disable transport security or widen the attack surface (sslmode=disable, tls=false, tls=skip-verify, allowAllFiles=true, allowCleartextPasswords=true, multiStatements=true)")
	return a
}

type checker struct {
	sinks           []sinkSpec
	tests           bool
	insecureOptions bool
}

// state is one run over one package.
type state struct {
	c       *checker
	pass    *analysis.Pass
	t       *tracer
	covered map[ast.Node]bool                // assembly sites reported through a sink
	fixed   map[ast.Node]bool                // Sprintf calls already given a fix
	names   map[*types.Scope]map[string]bool // names the fixes declare, per scope
	consts  []constRef                       // constant DSN parts seen, for -insecure-options
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
		c:    c,
		pass: pass,
		t: &tracer{
			info:   pass.TypesInfo,
			res:    res,
			funcs:  indexFuncs(pass.TypesInfo, in),
			active: make(map[ast.Node]bool),
		},
		covered: make(map[ast.Node]bool),
		fixed:   make(map[ast.Node]bool),
		names:   make(map[*types.Scope]map[string]bool),
	}
	wrappers := st.wrappers()
	for cur := range in.Root().Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		rc, ok := res.Resolve(call)
		if !ok {
			continue
		}
		if s, ok := st.sinkOf(rc, wrappers); ok && s.arg < len(rc.Args) && !st.skipped(call.Pos()) {
			st.checkSink(rc, s)
		}
	}
	for cur := range in.Root().Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		if rc, ok := res.Resolve(call); ok && rc.IsFunc("fmt", "Sprintf") && !st.covered[call] && !st.skipped(call.Pos()) {
			st.checkFormat(call)
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
	if len(c.sinks) == 0 || pkg == nil {
		return false
	}
	paths := make(map[string]bool)
	for _, s := range c.sinks {
		paths[s.pkg] = true
	}
	seen := make(map[*types.Package]bool)
	stack := []*types.Package{pkg}
	for len(stack) > 0 {
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if paths[p.Path()] {
			return true
		}
		for _, imp := range p.Imports() {
			if !seen[imp] {
				seen[imp] = true
				stack = append(stack, imp)
			}
		}
	}
	return false
}

// skipped reports whether pos is in a _test.go file and tests are not
// included.
func (st *state) skipped(pos token.Pos) bool {
	if st.c.tests {
		return false
	}
	return strings.HasSuffix(st.pass.Fset.Position(pos).Filename, "_test.go")
}

// checkSink reports a DSN argument that was assembled from values.
func (st *state) checkSink(rc sqlapi.Call, s sink) {
	t := st.t
	t.steps = 0
	arg := rc.Args[s.arg]
	driver := ""
	if s.driver >= 0 && s.driver < len(rc.Args) {
		driver, _ = st.driverName(rc.Args[s.driver], rc.Expr.Pos())
		if sqlapi.IsFileDriver(driver) {
			return // a path to a local file, not a network DSN
		}
	}
	srcs := t.sources(arg, t.frameAt(rc.Expr.Pos()))
	var asms []*assembly
	for _, src := range srcs {
		switch src.kind {
		case srcConst:
			if src.expr != nil {
				st.consts = append(st.consts, constRef{src.expr, src.text})
			}
		case srcAssembly:
			st.noteConsts(src.asm)
			if src.asm.injectable() && !containsAsm(asms, src.asm) {
				asms = append(asms, src.asm)
			}
		}
	}
	if len(asms) == 0 {
		return
	}
	a := asms[0]
	d := s.dialect
	if d == sqlapi.UnknownDialect {
		d = sqlapi.DialectOfDriver(driver)
	}
	shape, _ := sqlapi.ShapeOfDSN(a.template())
	if d == sqlapi.UnknownDialect {
		d = shape.Dialect
	}
	risk, build := advice(d, shape.Form)
	if a.rawQuery {
		build = "url.URL writes RawQuery as it is: build the query with url.Values and Encode"
	}
	callee := s.name
	if s.via != "" {
		callee = fmt.Sprintf("%s, which hands it to %s,", s.name, s.via)
	}
	diag := analysis.Diagnostic{
		Pos:      arg.Pos(),
		End:      arg.End(),
		Category: CategoryAssembled,
		Message: fmt.Sprintf("the DSN passed to %s is assembled by %s from %s: %s; %s",
			callee, st.where(a, arg), operands(a.values()), risk, build),
	}
	for i, a := range asms {
		st.covered[a.site] = true
		for _, site := range a.sites {
			st.covered[site] = true // a DSN-shaped Sprintf folded into it
		}
		what := "DSN assembled here from "
		if i > 0 {
			what = "DSN also assembled here from "
		}
		if a.site.Pos() != arg.Pos() || a.site.End() != arg.End() {
			// An assembly that is the argument itself is the finding's own range.
			diag.Related = append(diag.Related, analysis.RelatedInformation{Pos: a.site.Pos(), End: a.site.End(), Message: what + operands(a.values())})
		}
		for k, site := range a.sites {
			if k == 3 {
				break
			}
			diag.Related = append(diag.Related, analysis.RelatedInformation{Pos: site.Pos(), End: site.End(), Message: "part of the DSN assembled here"})
		}
	}
	if len(asms) == 1 && (d == sqlapi.MySQL || d == sqlapi.UnknownDialect) {
		if fix := st.mysqlFix(a); fix != nil {
			diag.SuggestedFixes = []analysis.SuggestedFix{*fix}
		}
	}
	st.pass.Report(diag)
}

func containsAsm(asms []*assembly, a *assembly) bool {
	for _, b := range asms {
		if b.site == a.site {
			return true
		}
	}
	return false
}

// driverName returns the constant driver name e holds.
func (st *state) driverName(e ast.Expr, pos token.Pos) (string, bool) {
	srcs := st.t.sources(e, st.t.frameAt(pos))
	if len(srcs) == 1 && srcs[0].kind == srcConst {
		return srcs[0].text, true
	}
	return "", false
}

// where says which assembly and where, as seen from the sink call: "fmt.Sprintf",
// "fmt.Sprintf (line 12)", "fmt.Sprintf in dsnFor (line 40)".
func (st *state) where(a *assembly, at ast.Node) string {
	fset := st.pass.Fset
	site, here := fset.Position(a.site.Pos()), fset.Position(at.Pos())
	loc := ""
	switch {
	case site.Filename != here.Filename:
		loc = fmt.Sprintf(" (%s:%d)", filepath.Base(site.Filename), site.Line)
	case site.Line != here.Line:
		loc = fmt.Sprintf(" (line %d)", site.Line)
	}
	fi := declOf(st.t.funcs.enclosing(at.Pos()))
	if d := declOf(a.fi); d != nil && d != fi {
		return fmt.Sprintf("%s in %s%s", a.how, d.fn.Name(), loc)
	}
	return a.how + loc
}

// checkFormat reports a fmt.Sprintf whose constant format is shaped like a
// DSN and that formats a value into it, unless a sink finding already
// covers it.
func (st *state) checkFormat(call *ast.CallExpr) {
	if len(call.Args) < 2 {
		return
	}
	format, ok := st.t.stringConst(call.Args[0])
	if !ok || !st.t.isString(call.Args[0]) {
		return
	}
	shape, ok := sqlapi.ShapeOfDSN(format)
	if !ok {
		return
	}
	st.t.steps = 0
	src := st.t.assemble(call, st.t.frameAt(call.Pos()))
	a := src.asm
	if a == nil {
		return
	}
	st.noteConsts(a)
	if !a.injectable() {
		return
	}
	risk, build := advice(shape.Dialect, shape.Form)
	diag := analysis.Diagnostic{
		Pos:      call.Pos(),
		End:      call.End(),
		Category: CategoryFormat,
		Message: fmt.Sprintf("fmt.Sprintf assembles %s from %s: %s; %s",
			shapeName(shape), operands(a.values()), risk, build),
	}
	if shape.Dialect == sqlapi.MySQL {
		if fix := st.mysqlFix(a); fix != nil {
			diag.SuggestedFixes = []analysis.SuggestedFix{*fix}
		}
	}
	st.pass.Report(diag)
}

// noteConsts remembers the constant parts of an assembly.
func (st *state) noteConsts(a *assembly) {
	for _, p := range a.pieces {
		if p.kind == constPiece && p.expr != nil {
			st.consts = append(st.consts, constRef{p.expr, p.text})
		}
	}
}

func shapeName(s sqlapi.DSNShape) string {
	d := s.Dialect.String()
	switch s.Form {
	case sqlapi.URLForm:
		return "a " + d + " URL"
	case sqlapi.KeywordForm:
		return "a " + d + " key=value DSN"
	}
	return "a " + d + " DSN"
}

// advice says what a value can inject into a DSN of the dialect and form,
// and which builder to use instead.
func advice(d sqlapi.Dialect, f sqlapi.DSNForm) (risk, build string) {
	const urlBuild = "build it with url.URL and url.UserPassword"
	switch {
	case f == sqlapi.MySQLForm || d == sqlapi.MySQL && f != sqlapi.URLForm:
		return "a value containing @ / ? & or = rewrites the connection parameters, e.g. adds ?allowAllFiles=true&tls=false",
			"build it with mysql.NewConfig and FormatDSN"
	case f == sqlapi.KeywordForm && d == sqlapi.SQLServer:
		return "a value containing ; or = adds connection parameters, e.g. ;encrypt=disable",
			"build a sqlserver:// URL with url.URL and url.UserPassword"
	case f == sqlapi.KeywordForm:
		return "a value containing a space, = or a quote adds connection parameters, e.g. host=evil sslmode=disable",
			"set the fields of the driver's config (pgx.ParseConfig, then Host, User, Password) or quote each value as '...' with \\ and ' escaped"
	case d == sqlapi.MySQL:
		return "a value containing @ / ? & or = rewrites the connection parameters, e.g. adds ?allowAllFiles=true&tls=false or another host", urlBuild
	case d == sqlapi.Postgres:
		return "a value containing @ / ? & or = rewrites the connection parameters, e.g. adds ?sslmode=disable or another host", urlBuild
	case d == sqlapi.SQLServer:
		return "a value containing @ / ? & or = rewrites the connection parameters, e.g. adds ?encrypt=disable or another host", urlBuild
	}
	return "a value containing @ / ? & = or a space rewrites the connection parameters, e.g. adds ?allowAllFiles=true, tls=false, host=evil or sslmode=disable",
		"build it with the driver's config struct, or with url.URL, url.UserPassword and url.QueryEscape"
}

// operands lists the operands a message names.
func operands(vals []ast.Expr) string {
	const most = 4
	var names []string
	for i, v := range vals {
		if i == most {
			names = append(names, fmt.Sprintf("%d more", len(vals)-most))
			break
		}
		s := types.ExprString(v)
		if len(s) > 40 {
			s = s[:37] + "..."
		}
		names = append(names, s)
	}
	return strings.Join(names, ", ")
}

// checkInsecure reports the insecure options in constant DSN parts: those
// that reached a sink or a DSN-shaped format, and every string literal
// shaped like a DSN.
func (st *state) checkInsecure(in *inspector.Inspector) {
	for cur := range in.Root().Preorder((*ast.BasicLit)(nil)) {
		lit := cur.Node().(*ast.BasicLit)
		if lit.Kind != token.STRING {
			continue
		}
		text, ok := st.t.stringConst(lit)
		if !ok {
			continue
		}
		if sqlapi.IsDSN(text) {
			st.consts = append(st.consts, constRef{lit, text})
		}
	}
	reported := make(map[token.Pos]bool)
	for _, ref := range st.consts {
		for _, opt := range sqlapi.InsecureDSNOptions(ref.text) {
			pos, end := st.optionRange(ref.expr, opt.Text)
			if reported[pos] || st.skipped(pos) {
				continue
			}
			reported[pos] = true
			st.pass.Report(analysis.Diagnostic{
				Pos:      pos,
				End:      end,
				Category: CategoryInsecure,
				Message:  fmt.Sprintf("the DSN option %s %s", opt.Text, opt.Risk),
			})
		}
	}
}

// optionRange returns where to report an option found in the constant e:
// the option's text in the literal that declares it when that can be found,
// else e.
func (st *state) optionRange(e ast.Expr, option string) (token.Pos, token.Pos) {
	e = ast.Unparen(e)
	if id, ok := e.(*ast.SelectorExpr); ok {
		e = id.Sel
	}
	if id, ok := e.(*ast.Ident); ok {
		if c, ok := st.pass.TypesInfo.Uses[id].(*types.Const); ok && c.Pkg() == st.pass.Pkg {
			if lit := st.constLit(c); lit != nil {
				e = lit
			}
		}
	}
	if lit, ok := e.(*ast.BasicLit); ok {
		if i := strings.Index(strings.ToLower(lit.Value), strings.ToLower(option)); i >= 0 {
			pos := lit.Pos() + token.Pos(i)
			return pos, pos + token.Pos(len(option))
		}
	}
	return e.Pos(), e.End()
}

// constLit returns the string literal a package constant is declared with.
func (st *state) constLit(c *types.Const) *ast.BasicLit {
	for _, f := range st.pass.Files {
		if f.FileStart > c.Pos() || c.Pos() >= f.FileEnd {
			continue
		}
		var lit *ast.BasicLit
		ast.Inspect(f, func(n ast.Node) bool {
			vs, ok := n.(*ast.ValueSpec)
			if !ok || lit != nil {
				return lit == nil
			}
			for i, name := range vs.Names {
				if st.pass.TypesInfo.Defs[name] == c && i < len(vs.Values) {
					lit, _ = ast.Unparen(vs.Values[i]).(*ast.BasicLit)
				}
			}
			return false
		})
		return lit
	}
	return nil
}

// declOf returns the declared function fi is, or sits in.
func declOf(fi *funcInfo) *funcInfo {
	for fi != nil && fi.fn == nil {
		fi = fi.outer
	}
	return fi
}
