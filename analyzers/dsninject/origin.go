package dsninject

// This file tells where the values of a DSN come from, and what that makes
// of the finding: a value of a request can inject connection parameters; a
// value of the operator's configuration (the environment, a config struct
// or file, a flag) is not an attacker's, and the realistic harm is a rotated
// password with a character the syntax gives a meaning to, which breaks the
// connection string. Code that escapes the password on its way into a URL is
// the fix, not the bug.

import (
	"go/ast"
	"go/types"
	"regexp"
	"slices"
	"strings"

	"github.com/dbpoollint/dbpoollint/internal/assembly"
	"github.com/dbpoollint/dbpoollint/internal/reqscope"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// fromRequest reports whether a value of the assemblies may come from a
// request: an assembly or a sink sits in a request scope (a handler, where
// any value may be the client's), or a value is read, directly or through
// local variables, from an *http.Request, a gin, echo or fiber context.
func (st *state) fromRequest(asms []*assembly.Assembly, sinks []reached) bool {
	for _, a := range asms {
		if st.inRequestScope(a.Site) {
			return true
		}
		for _, v := range a.Values() {
			if st.readsRequest(v, 0) {
				return true
			}
		}
	}
	for _, s := range sinks {
		if st.inRequestScope(s.arg) {
			return true
		}
	}
	return false
}

func (st *state) inRequestScope(n ast.Node) bool {
	cur, ok := st.in.Root().FindNode(n)
	if !ok {
		return false
	}
	if st.scopes == nil {
		st.scopes = reqscope.New(st.pass.TypesInfo, st.in)
	}
	_, ok = st.scopes.Enclosing(cur)
	return ok
}

// readsRequest reports whether e reads a request, directly or through the
// definitions of the local variables it reads (depth bounds the chain).
func (st *state) readsRequest(e ast.Expr, depth int) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if found || !ok {
			return !found
		}
		v, ok := st.pass.TypesInfo.Uses[id].(*types.Var)
		if !ok {
			return true
		}
		if reqscope.CarriesRequest(v.Type()) {
			found = true
			return false
		}
		if depth >= 3 || st.fl.LocalVar(id) == nil {
			return true
		}
		fi := st.fl.EnclosingPos(id.Pos())
		for fi != nil && !fi.IsLocal(v) {
			fi = fi.Outer
		}
		if fi == nil {
			return true
		}
		for _, d := range fi.Defs(v) {
			rhs := d.Assign.Rhs
			if rhs == nil {
				rhs = d.Assign.Multi
			}
			if rhs != nil && st.readsRequest(rhs, depth+1) {
				found = true
				return false
			}
		}
		return true
	})
	return found
}

// escapesPassword reports whether the code escapes the password of a URL
// DSN on its way to the sink: the password is an operand escaped by
// url.QueryEscape, url.PathEscape (or a function whose name says it escapes
// or quotes), or the userinfo is written by url.UserPassword's String, or
// the DSN goes through a url.URL (parsed from the assembly, or given it as
// its query) whose User is set by url.UserPassword or url.User, and the
// assembly has no raw value where a password goes. Only a URL's syntax takes
// those escapes: a key=value or go-sql-driver DSN would carry them
// literally.
func (st *state) escapesPassword(a *assembly.Assembly, form sqlapi.DSNForm) bool {
	// The assembly is a URL, or a url.URL's part (its query, or what it
	// was parsed from).
	url := form == sqlapi.URLForm || a.RawQuery || a.UserEscaped || form == sqlapi.UnknownForm && strings.Contains(a.Template(), "://")
	if !url {
		return false
	}
	t := asValues(st.valueTemplate(a))
	if userinfoPassword.MatchString(t) {
		return false // a raw password
	}
	return a.UserEscaped || escapedPassword.MatchString(t)
}

// escaper reports whether e is an escaper's output, or a local variable
// holding only such outputs.
func (st *state) escaper(e ast.Expr) bool {
	e = ast.Unparen(e)
	if call, ok := e.(*ast.CallExpr); ok {
		c, ok := st.res.Resolve(call)
		if !ok {
			return false
		}
		switch {
		case sqlapi.SafeDSNPart(c) == sqlapi.Escaped, c.IsMethod("net/url", "Userinfo", "String"):
			return true
		case sqlapi.SafeDSNPart(c) != sqlapi.NotSafe:
			return false // a number, a builder
		}
		return safePart(c) && !c.IsMethod("encoding/base64", "Encoding", "EncodeToString")
	}
	if id, ok := e.(*ast.Ident); ok && st.fl.LocalVar(id) != nil {
		srcs := st.t.Sources(id)
		for _, s := range srcs {
			if s.Kind != assembly.Built || s.Expr == nil || !st.escaper(s.Expr) {
				return false
			}
		}
		return len(srcs) > 0
	}
	return false
}

// valueTemplate renders the assembly with its values as %s (%o for text a
// function of another package returns, see foreignResult), the operands
// escaped for a URL as ~E, and its other operands (numbers, builders'
// output) as #: the slots a value can break, and those escaped. Only
// go-sql-driver's options tell %o from %s (see asValues).
func (st *state) valueTemplate(a *assembly.Assembly) string {
	var b strings.Builder
	for i, p := range a.Pieces {
		switch {
		case p.Kind == assembly.Const:
			b.WriteString(strings.ReplaceAll(p.Text, "%", "%%"))
		case p.Kind == assembly.Value && modeSlot(a.Pieces, i):
			b.WriteString("#") // a mode's word: no free text
		case p.Kind == assembly.Value && st.foreignResult(p.Expr, 0):
			b.WriteString("%o")
		case p.Kind == assembly.Value:
			b.WriteString("%s")
		case st.escaper(p.Expr):
			b.WriteString("~E")
		default:
			b.WriteString("#")
		}
	}
	return b.String()
}

// modeSlot reports whether the value a.Pieces[i] is the whole value of a
// mode option (tls=%s, sslmode=%s: sqlapi.IsModeOption), whose legal values
// are fixed words: the constant before it ends with the option's key and =,
// the key at the start or after ? & ; or a blank, and the value ends the
// DSN or is followed by & ; or a blank.
func modeSlot(ps []assembly.Piece, i int) bool {
	j := i - 1
	for j >= 0 && ps[j].Kind == assembly.Const && ps[j].Text == "" {
		j--
	}
	if j < 0 || ps[j].Kind != assembly.Const {
		return false
	}
	key, ok := strings.CutSuffix(ps[j].Text, "=")
	if !ok {
		return false
	}
	if k := strings.LastIndexAny(key, "?&; \t"); k >= 0 {
		key = key[k+1:]
	} else if slices.ContainsFunc(ps[:j], func(p assembly.Piece) bool { return p.Kind != assembly.Const || p.Text != "" }) {
		return false // the key continues what comes before it
	}
	if !sqlapi.IsModeOption(key) {
		return false
	}
	for _, p := range ps[i+1:] {
		if p.Kind != assembly.Const {
			return false
		}
		if p.Text != "" {
			return strings.IndexByte("&; \t", p.Text[0]) >= 0
		}
	}
	return true
}

// asValues renders the %o slots of a value template as any other value's.
func asValues(template string) string { return strings.ReplaceAll(template, "%o", "%s") }

// foreignResult reports whether e is the result of a function or method of
// another package outside the standard library (a sibling package's
// ConnWithSSL returning "" or "&tls=cloudsql"), directly or through a local
// variable whose every value is such a result or a constant: code out of
// sight, trusted to return what it means to (the precision rule). A
// standard library function (strings.TrimSpace(cfg.Params)) returns a
// value it was given.
func (st *state) foreignResult(e ast.Expr, depth int) bool {
	e = ast.Unparen(e)
	switch x := e.(type) {
	case *ast.CallExpr:
		c, ok := st.res.Resolve(x)
		if !ok || c.Func == nil || c.Func.Pkg() == nil {
			return false
		}
		path := c.Func.Pkg().Path()
		first, _, _ := strings.Cut(path, "/")
		return c.Func.Pkg() != st.pass.Pkg && strings.Contains(first, ".")
	case *ast.Ident:
		if depth > 3 || st.fl.LocalVar(x) == nil {
			return false
		}
		srcs := st.t.Sources(x)
		foreign := false
		for _, s := range srcs {
			switch {
			case s.Kind == assembly.Constant:
			case s.Kind == assembly.Opaque && s.Expr != nil && s.Expr != e && st.foreignResult(s.Expr, depth+1):
				foreign = true
			default:
				return false
			}
		}
		return foreign
	}
	return false
}

// Password slots: key=value's password= or pwd=, a URL's or go-sql-driver's
// user:password@.
var (
	keywordPassword  = regexp.MustCompile(`(?i)(?:^|[\s;])(?:password|pwd)\s*=\s*['"]?%s`)
	userinfoPassword = regexp.MustCompile(`(?:^|://)[^:@/]*:%s@`)
	// An escaped password, or a userinfo written by url.UserPassword.
	escapedPassword = regexp.MustCompile(`(?:^|://)(?:[^:@/]*:~E|~E)@`)
)

// breakage says what an ordinary value, a rotated password first, breaks in
// a DSN of the dialect and form, and the builder that writes it right.
func breakage(d sqlapi.Dialect, form sqlapi.DSNForm, template string, pgx bool) (risk, build string) {
	const userPassword = "use url.URL with url.UserPassword"
	switch {
	case form == sqlapi.MySQLForm || d == sqlapi.MySQL && form != sqlapi.URLForm && form != sqlapi.KeywordForm:
		return mysqlBreakage(template), "use mysql.Config.FormatDSN"
	}
	template = asValues(template)
	if !strings.Contains(template, "%s") {
		return "", "" // only modes' words (sslmode=%s): no free text to break it
	}
	switch {
	case form == sqlapi.KeywordForm && d == sqlapi.SQLServer:
		if keywordPassword.MatchString(template) {
			return "a password with ; or a quote breaks it", "build a sqlserver:// url.URL"
		}
		return "a ; or a quote in a value breaks it", "build a sqlserver:// url.URL"
	case form == sqlapi.KeywordForm:
		build = userPassword
		if pgx {
			build = "set the fields of ParseConfig's result"
		}
		if keywordPassword.MatchString(template) {
			return "a password with a space, quote or backslash breaks it", build
		}
		return "a space, quote or backslash in a value breaks it", build
	case form == sqlapi.URLForm || d == sqlapi.Postgres || d == sqlapi.SQLServer:
		if userinfoPassword.MatchString(template) {
			return "a password with @ / ? # or % breaks it", userPassword
		}
		return "a value with @ / ? # or % breaks it", "build it with url.URL"
	}
	return "a value with @ / ? & = or a space can break it", "use the driver's config or url.URL"
}

// mysqlBreakage says which values of the operator's configuration break a
// go-sql-driver DSN, user:password@net(address)/dbname?options, by the slots
// of the template (values as %s) they fill. Its parser (mysql.ParseDSN)
// takes the last / of the DSN as the start of the database name, the last @
// before it as the end of the userinfo and the first : as the end of the
// user name: a password with any character parses, and so does an address.
// A user name with a : or a database name with / ? or % would break it, but
// those are names the operator picks once, not values that rotate: "", not
// reported. An option's value with & adds an option, and one with / (a time
// zone: loc=Europe/Paris) moves the start of the database name: that is
// reported.
func mysqlBreakage(template string) string {
	slash := strings.LastIndexByte(template, '/')
	if slash < 0 {
		return "" // the slots cannot be told apart
	}
	// A value inside an option (charset=%s) breaks it; text another
	// package's function writes as whole options (?charset=utf8%o, its own
	// & included) is trusted, as a whole DSN from one value is.
	if _, opts, _ := strings.Cut(template[slash+1:], "?"); strings.Contains(opts, "%s") || strings.Contains(opts, "=%o") {
		return "an option with & or / breaks it"
	}
	return ""
}
