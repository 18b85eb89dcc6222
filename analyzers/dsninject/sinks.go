package dsninject

import (
	"go/ast"
	"go/types"

	"github.com/dbpoollint/dbpoollint/internal/flow"
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

// sinkOf reports whether the call passes a DSN: to a pool opener or parser
// sqlapi knows, to a sink of -dsninject.sinks, or to a same-package function
// that passes its parameter on to one of those.
func (st *state) sinkOf(call sqlapi.Call, wrappers map[*types.Func]sink) (sink, bool) {
	if s, ok := sqlapi.SinkOf(call); ok {
		return sink{arg: s.Arg, driver: s.Driver, dialect: s.Dialect, name: qualifiedName(call.Func, st.pass.Pkg)}, true
	}
	for _, spec := range st.c.sinks {
		if spec.Matches(call) {
			return sink{arg: spec.Arg, driver: -1, name: qualifiedName(call.Func, st.pass.Pkg)}, true
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
	ws := make(map[*types.Func]sink)
	for range 3 { // wrappers of wrappers
		changed := false
		for _, pc := range st.calls {
			if !pc.Resolved {
				continue
			}
			rc := pc.Call
			s, ok := st.sinkOf(rc, ws)
			if !ok || s.arg >= len(rc.Args) {
				continue
			}
			fi := st.fl.Enclosing(pc.Cur)
			if fi == nil || fi.Obj == nil || rc.Func == fi.Obj {
				continue // a literal's call, or a recursive one
			}
			if _, done := ws[fi.Obj]; done {
				continue
			}
			if w, ok := st.wrapperOf(fi, rc, s); ok {
				ws[fi.Obj] = w
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	return ws
}

// wrapperOf returns the sink fi is when its call rc of the sink s passes one
// of fi's parameters, unchanged, as the DSN.
func (st *state) wrapperOf(fi *flow.Func, rc sqlapi.Call, s sink) (sink, bool) {
	k := st.unchangedParam(fi, rc.Args[s.arg])
	if k < 0 {
		return sink{}, false
	}
	w := sink{arg: k, driver: -1, dialect: s.dialect, name: calleeName(fi.Obj), via: s.name}
	if s.via != "" {
		w.via = s.via
	}
	if w.dialect == sqlapi.UnknownDialect && s.driver >= 0 && s.driver < len(rc.Args) {
		if name, ok := stringConst(st.pass.TypesInfo, rc.Args[s.driver]); ok {
			if sqlapi.IsFileDriver(name) {
				return sink{}, false // a path to a local file, not a network DSN
			}
			w.dialect = sqlapi.DialectOfDriver(name)
		} else if d := st.unchangedParam(fi, rc.Args[s.driver]); d >= 0 {
			w.driver = d
		}
	}
	return w, true
}

// unchangedParam returns the index of the parameter of fi that e is, when
// no assignment changes it before e; else -1.
func (st *state) unchangedParam(fi *flow.Func, e ast.Expr) int {
	v := st.fl.LocalVar(e)
	k := fi.ParamIndex(v)
	if k < 0 {
		return -1
	}
	defs, entry, ok := fi.Reaching(v, e.Pos())
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
