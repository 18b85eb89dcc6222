package dsninject

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"

	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// sink describes a call that takes a DSN.
type sink struct {
	arg     int // index of the DSN among the arguments (after the receiver)
	driver  int // index of a driver-name argument, or -1
	dialect sqlapi.Dialect
	name    string // the callee as the message names it: sql.Open, openDB
	via     string // for a same-package function that passes its parameter on: the sink it reaches
}

// sinkSpec is one entry of -dsninject.sinks.
type sinkSpec struct {
	text           string // as written
	pkg, typ, name string // typ is "" for a package-level function
	arg            int
}

func (s sinkSpec) String() string { return s.text }

// sinkFlag is the flag.Value of -dsninject.sinks: a comma-separated list
// of pkg/path.Func:argIndex or (*pkg/path.Type).Method:argIndex. Each use of
// the flag adds to the list.
type sinkFlag struct {
	specs *[]sinkSpec
}

func (f sinkFlag) String() string {
	if f.specs == nil {
		return ""
	}
	var parts []string
	for _, s := range *f.specs {
		parts = append(parts, s.String())
	}
	return strings.Join(parts, ",")
}

func (f sinkFlag) Set(value string) error {
	var specs []sinkSpec
	for item := range strings.SplitSeq(value, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		s, err := parseSink(item)
		if err != nil {
			return err
		}
		specs = append(specs, s)
	}
	*f.specs = append(*f.specs, specs...)
	return nil
}

// parseSink parses pkg/path.Func:argIndex or (*pkg/path.Type).Method:argIndex.
func parseSink(item string) (sinkSpec, error) {
	bad := func(why string) (sinkSpec, error) {
		return sinkSpec{}, fmt.Errorf("invalid sink %q: %s (want pkg/path.Func:argIndex or (*pkg/path.Type).Method:argIndex)", item, why)
	}
	colon := strings.LastIndexByte(item, ':')
	if colon < 0 {
		return bad("no :argIndex")
	}
	arg, err := strconv.Atoi(item[colon+1:])
	if err != nil || arg < 0 {
		return bad(fmt.Sprintf("argument index %q is not a number >= 0", item[colon+1:]))
	}
	ref := item[:colon]
	s := sinkSpec{text: item, arg: arg}
	if rest, ok := strings.CutPrefix(ref, "("); ok {
		close := strings.Index(rest, ").")
		if close < 0 {
			return bad("no ). after the receiver type")
		}
		recv := strings.TrimPrefix(rest[:close], "*")
		s.name = rest[close+2:]
		dot := strings.LastIndexByte(recv, '.')
		if dot <= 0 || dot < strings.LastIndexByte(recv, '/') {
			return bad("the receiver type must be qualified by its package path")
		}
		s.pkg, s.typ = recv[:dot], recv[dot+1:]
		if !token.IsIdentifier(s.typ) {
			return bad(fmt.Sprintf("type name %q is not an identifier", s.typ))
		}
	} else {
		dot := strings.LastIndexByte(ref, '.')
		if dot <= 0 || dot < strings.LastIndexByte(ref, '/') {
			return bad("the function must be qualified by its package path")
		}
		s.pkg, s.name = ref[:dot], ref[dot+1:]
	}
	if !token.IsIdentifier(s.name) {
		return bad(fmt.Sprintf("function name %q is not an identifier", s.name))
	}
	if strings.ContainsAny(s.pkg, " ()*:") {
		return bad(fmt.Sprintf("package path %q is not valid", s.pkg))
	}
	return s, nil
}

// matches reports whether the call's callee is the one the spec names. A
// method matches through a pointer or a value receiver, and when promoted.
func (s sinkSpec) matches(c sqlapi.Call) bool {
	if c.Func.Name() != s.name || c.Func.Pkg() == nil {
		return false
	}
	recv := c.Func.Signature().Recv()
	if s.typ == "" {
		return recv == nil && c.Func.Pkg().Path() == s.pkg
	}
	return recv != nil && sqlapi.IsNamed(recv.Type(), s.pkg, s.typ)
}

// sinkOf reports whether the call passes a DSN: to a pool opener or parser
// sqlapi knows, to a sink of -dsninject.sinks, or to a same-package function
// that passes its parameter on to one of those.
func (st *state) sinkOf(call sqlapi.Call, wrappers map[*types.Func]sink) (sink, bool) {
	if s, ok := sqlapi.SinkOf(call); ok {
		return sink{arg: s.Arg, driver: s.Driver, dialect: s.Dialect, name: qualifiedName(call.Func, st.pass.Pkg)}, true
	}
	for _, spec := range st.c.sinks {
		if spec.matches(call) {
			return sink{arg: spec.arg, driver: -1, name: qualifiedName(call.Func, st.pass.Pkg)}, true
		}
	}
	if w, ok := wrappers[call.Func]; ok {
		return w, true
	}
	return sink{}, false
}

// wrappers finds the package's functions that pass a parameter, unchanged,
// to a sink: func openDB(dsn string) (*sql.DB, error) { return
// sql.Open("mysql", dsn) }. A call of such a function is a sink too.
func (st *state) wrappers() map[*types.Func]sink {
	t := st.t
	decls := make([]*funcInfo, 0, len(t.funcs.decls))
	for _, fi := range t.funcs.decls {
		decls = append(decls, fi)
	}
	slices.SortFunc(decls, func(a, b *funcInfo) int { return int(a.node.Pos() - b.node.Pos()) })
	ws := make(map[*types.Func]sink)
	for range 3 { // wrappers of wrappers
		changed := false
		for _, fi := range decls {
			if _, done := ws[fi.fn]; done {
				continue
			}
			if w, ok := st.wrapperSink(fi, ws); ok {
				ws[fi.fn] = w
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	return ws
}

func (st *state) wrapperSink(fi *funcInfo, ws map[*types.Func]sink) (sink, bool) {
	t := st.t
	var (
		w     sink
		found bool
	)
	inspectBody(fi.body, func(n ast.Node) {
		call, ok := n.(*ast.CallExpr)
		if found || !ok {
			return
		}
		rc, ok := t.res.Resolve(call)
		if !ok || rc.Func == fi.fn {
			return
		}
		s, ok := st.sinkOf(rc, ws)
		if !ok || s.arg >= len(rc.Args) {
			return
		}
		k := unchangedParam(t, fi, rc.Args[s.arg])
		if k < 0 {
			return
		}
		w = sink{arg: k, driver: -1, dialect: s.dialect, name: calleeName(fi.fn), via: s.name}
		if s.via != "" {
			w.via = s.via
		}
		if w.dialect == sqlapi.UnknownDialect && s.driver >= 0 && s.driver < len(rc.Args) {
			if name, ok := t.stringConst(rc.Args[s.driver]); ok {
				if sqlapi.IsFileDriver(name) {
					return // a path to a local file, not a network DSN
				}
				w.dialect = sqlapi.DialectOfDriver(name)
			} else if d := unchangedParam(t, fi, rc.Args[s.driver]); d >= 0 {
				w.driver = d
			}
		}
		found = true
	})
	return w, found
}

// unchangedParam returns the index of the parameter of fi that e is, when
// no assignment changes it before e; else -1.
func unchangedParam(t *tracer, fi *funcInfo, e ast.Expr) int {
	v := localVar(t.info, e)
	if v == nil {
		return -1
	}
	k := paramIndex(t.info, fi, v)
	if k < 0 {
		return -1
	}
	defs, entry, ok := reaching(t.info, fi, v, e.Pos())
	if !ok || len(defs) > 0 || !entry {
		return -1
	}
	return k
}

// calleeName names a function as a message does: sql.Open, mysql.ParseDSN,
// Client.Open, openDB.
func calleeName(fn *types.Func) string {
	if recv := fn.Signature().Recv(); recv != nil {
		t := recv.Type()
		if p, ok := types.Unalias(t).(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := types.Unalias(t).(*types.Named); ok {
			return n.Obj().Name() + "." + fn.Name()
		}
		return fn.Name()
	}
	return fn.Name()
}

// qualifiedName names a package-level function with its package: sql.Open.
func qualifiedName(fn *types.Func, here *types.Package) string {
	if fn.Signature().Recv() != nil || fn.Pkg() == nil || fn.Pkg() == here {
		return calleeName(fn)
	}
	return fn.Pkg().Name() + "." + fn.Name()
}
