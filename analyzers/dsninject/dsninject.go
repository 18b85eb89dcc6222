package dsninject

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/dbpoollint/dbpoollint/internal/analyzerdoc"
	"github.com/dbpoollint/dbpoollint/internal/assembly"
	"github.com/dbpoollint/dbpoollint/internal/flow"
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
	c       *checker
	pass    *analysis.Pass
	fl      *flow.Package
	res     *sqlapi.Resolver
	t       *assembly.Tracer
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
		c:       c,
		pass:    pass,
		fl:      pkg.Flow(),
		res:     res,
		t:       assembly.New(pkg.Flow(), res, safePart),
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
		paths[s.Pkg] = true
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

// safePart reports whether a call returns text that cannot carry DSN
// syntax: a structured builder, an escaper, a number's formatter, or a
// function whose name says it escapes or quotes.
func safePart(c sqlapi.Call) bool {
	if sqlapi.SafeDSNPart(c) != sqlapi.NotSafe {
		return true
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
	if nvals == 1 && ps[0].Kind == assembly.Value {
		if len(ps) == 1 {
			return false // the whole DSN from one value
		}
		next := ps[1]
		if next.Kind == assembly.Safe || next.Kind == assembly.Const && strings.IndexByte("?&; \t", next.Text[0]) >= 0 {
			return false
		}
	}
	return true
}

// checkSink reports a DSN argument that was assembled from values.
func (st *state) checkSink(rc sqlapi.Call, s sink) {
	t := st.t
	arg := rc.Args[s.arg]
	driver := ""
	if s.driver >= 0 && s.driver < len(rc.Args) {
		driver, _ = st.driverName(rc.Args[s.driver], rc.Expr.Pos())
		if sqlapi.IsFileDriver(driver) {
			return // a path to a local file, not a network DSN
		}
	}
	srcs := t.Sources(arg)
	var asms []*assembly.Assembly
	for _, src := range srcs {
		switch src.Kind {
		case assembly.Constant:
			if src.Expr != nil {
				st.consts = append(st.consts, constRef{src.Expr, src.Text})
			}
		case assembly.Assembled:
			st.noteConsts(src.Asm)
			if injectable(src.Asm) && !containsAsm(asms, src.Asm) {
				asms = append(asms, src.Asm)
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
	shape, _ := sqlapi.ShapeOfDSN(a.Template())
	if d == sqlapi.UnknownDialect {
		d = shape.Dialect
	}
	risk, build := advice(d, shape.Form)
	if a.RawQuery {
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
			callee, st.where(a, arg), operands(a.Values()), risk, build),
	}
	for i, a := range asms {
		st.covered[a.Site] = true
		for _, site := range a.Sites {
			st.covered[site] = true // a DSN-shaped Sprintf folded into it
		}
		what := "DSN assembled here from "
		if i > 0 {
			what = "DSN also assembled here from "
		}
		if a.Site.Pos() != arg.Pos() || a.Site.End() != arg.End() {
			// An assembly that is the argument itself is the finding's own range.
			diag.Related = append(diag.Related, analysis.RelatedInformation{Pos: a.Site.Pos(), End: a.Site.End(), Message: what + operands(a.Values())})
		}
		for k, site := range a.Sites {
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

func containsAsm(asms []*assembly.Assembly, a *assembly.Assembly) bool {
	for _, b := range asms {
		if b.Site == a.Site {
			return true
		}
	}
	return false
}

// driverName returns the constant driver name e holds.
func (st *state) driverName(e ast.Expr, pos token.Pos) (string, bool) {
	srcs := st.t.Sources(e)
	if len(srcs) == 1 && srcs[0].Kind == assembly.Constant {
		return srcs[0].Text, true
	}
	return "", false
}

// where says which assembly and where, as seen from the sink call: "fmt.Sprintf",
// "fmt.Sprintf (line 12)", "fmt.Sprintf in dsnFor (line 40)".
func (st *state) where(a *assembly.Assembly, at ast.Node) string {
	fset := st.pass.Fset
	site, here := fset.Position(a.Site.Pos()), fset.Position(at.Pos())
	loc := ""
	switch {
	case site.Filename != here.Filename:
		loc = fmt.Sprintf(" (%s:%d)", filepath.Base(site.Filename), site.Line)
	case site.Line != here.Line:
		loc = fmt.Sprintf(" (line %d)", site.Line)
	}
	fi := declOf(st.fl.EnclosingPos(at.Pos()))
	if d := declOf(a.Func); d != nil && d != fi {
		return fmt.Sprintf("%s in %s%s", a.How, d.Obj.Name(), loc)
	}
	return a.How + loc
}

// checkFormat reports a fmt.Sprintf whose constant format is shaped like a
// DSN and that formats a value into it, unless a sink finding already
// covers it.
func (st *state) checkFormat(call *ast.CallExpr) {
	if len(call.Args) < 2 {
		return
	}
	format, ok := stringConst(st.pass.TypesInfo, call.Args[0])
	if !ok || !isString(st.pass.TypesInfo, call.Args[0]) {
		return
	}
	shape, ok := sqlapi.ShapeOfDSN(format)
	if !ok {
		return
	}
	src := st.t.Assemble(call)
	a := src.Asm
	if a == nil {
		return
	}
	st.noteConsts(a)
	if !injectable(a) {
		return
	}
	risk, build := advice(shape.Dialect, shape.Form)
	diag := analysis.Diagnostic{
		Pos:      call.Pos(),
		End:      call.End(),
		Category: CategoryFormat,
		Message: fmt.Sprintf("fmt.Sprintf assembles %s from %s: %s; %s",
			shapeName(shape), operands(a.Values()), risk, build),
	}
	if shape.Dialect == sqlapi.MySQL {
		if fix := st.mysqlFix(a); fix != nil {
			diag.SuggestedFixes = []analysis.SuggestedFix{*fix}
		}
	}
	st.pass.Report(diag)
}

// noteConsts remembers the constant parts of an assembly.
func (st *state) noteConsts(a *assembly.Assembly) {
	for _, p := range a.Pieces {
		if p.Kind == assembly.Const && p.Expr != nil {
			st.consts = append(st.consts, constRef{p.Expr, p.Text})
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

// declOf returns the declared function fi is, or sits in.
func declOf(fi *flow.Func) *flow.Func {
	for fi != nil && fi.Obj == nil {
		fi = fi.Outer
	}
	return fi
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
