// Package reqscope knows which functions of a package run once per request:
// net/http handlers, gin, echo and fiber handlers, gRPC server methods, and
// functions registered for a route by a router this package does not know.
// It recognizes them by types (signatures, embedded generated types, visible
// registrations), never by printed names, and tells which code reached from
// them runs once per process instead (a function literal run by sync.Once).
package reqscope

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// Kind is the kind of request scope.
type Kind int

const (
	// None: not a request scope.
	None Kind = iota
	// HTTP: a function with the parameters (http.ResponseWriter,
	// *http.Request), in that order and next to each other:
	// http.HandlerFunc, ServeHTTP methods, httprouter's handlers,
	// func(db *sql.DB, w http.ResponseWriter, r *http.Request) and the like.
	HTTP
	// Gin: func(*gin.Context).
	Gin
	// Echo: func(echo.Context) error (v5: also func(*echo.Context) error).
	Echo
	// Fiber: func(*fiber.Ctx) error (v3: func(fiber.Ctx) error).
	Fiber
	// GRPC: a method of a gRPC service implementation: a type embedding a
	// generated Unimplemented...Server, or registered with a generated
	// Register...Server function.
	GRPC
	// Route: a function passed, next to a constant path, to a route
	// registration method (GET, Post, Handle, HandleFunc, ...) of a router
	// this package does not know.
	Route
)

var kindNames = [...]string{"", "HTTP handler", "gin handler", "echo handler", "fiber handler", "gRPC method", "route handler"}

// String returns how a message names the kind, e.g. "HTTP handler".
func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return ""
	}
	return kindNames[k]
}

// Package paths of the frameworks this package knows.
const (
	netHTTP = "net/http"
	gin     = "github.com/gin-gonic/gin"
	echoV3  = "github.com/labstack/echo"
	echoV4  = "github.com/labstack/echo/v4"
	echoV5  = "github.com/labstack/echo/v5"
	fiberV2 = "github.com/gofiber/fiber/v2"
	fiberV3 = "github.com/gofiber/fiber/v3"
)

// Scope is a function that runs once per request.
type Scope struct {
	Kind Kind
	// Func is the *ast.FuncDecl or *ast.FuncLit.
	Func ast.Node
	// Name describes the function for a message: "HandleOrders",
	// "Server.GetOrder", `for "/orders"` (a literal registered for a route),
	// "literal in routes" (another literal).
	Name string
}

// String names the scope for a message: "HTTP handler HandleOrders",
// `gin handler for "/orders"`.
func (s Scope) String() string {
	return s.Kind.String() + " " + s.Name
}

// Finder answers which functions of one package are request scopes. Build
// one per analysis pass with [New]; it scans the package's route and service
// registrations the first time it needs them.
type Finder struct {
	info    *types.Info
	in      *inspector.Inspector
	scanned bool
	// litRoutes and funcRoutes: the route a literal or a declared function
	// was registered for.
	litRoutes  map[*ast.FuncLit]route
	funcRoutes map[*types.Func]route
	// services: the methods a concrete type implements for a gRPC service
	// it is registered as (Register...Server(s, impl)).
	services map[*types.TypeName]map[string]bool
}

type route struct {
	pattern string
	// verb is set when the registration method is named like one (GET,
	// Post, Handle, HandleFunc...): the function is a route handler whatever
	// its signature.
	verb bool
}

// New returns a Finder for the package whose syntax in holds.
func New(info *types.Info, in *inspector.Inspector) *Finder {
	return &Finder{info: info, in: in}
}

// Of reports whether the function at c (an *ast.FuncDecl or *ast.FuncLit)
// is a request scope.
func (f *Finder) Of(c inspector.Cursor) (Scope, bool) {
	switch fn := c.Node().(type) {
	case *ast.FuncDecl:
		obj, ok := f.info.Defs[fn.Name].(*types.Func)
		if !ok || fn.Body == nil {
			return Scope{}, false
		}
		s := Scope{Func: fn, Name: declName(fn, obj)}
		if s.Kind = kindOf(obj.Signature()); s.Kind != None {
			return s, true
		}
		if f.isServiceMethod(obj) {
			s.Kind = GRPC
			return s, true
		}
		f.scan()
		if r, ok := f.funcRoutes[obj]; ok && r.verb && obj.Signature().Params().Len() > 0 {
			s.Kind = Route
			return s, true
		}
	case *ast.FuncLit:
		sig, ok := f.info.TypeOf(fn).(*types.Signature)
		if !ok {
			return Scope{}, false
		}
		f.scan()
		r, routed := f.litRoutes[fn]
		s := Scope{Func: fn, Kind: kindOf(sig)}
		if s.Kind == None && routed && r.verb && sig.Params().Len() > 0 {
			s.Kind = Route
		}
		if s.Kind == None {
			return Scope{}, false
		}
		if !routed {
			r, routed = f.factoryRoute(c)
		}
		if routed {
			s.Name = fmt.Sprintf("for %q", r.pattern)
		} else {
			s.Name = "literal"
			for d := range c.Enclosing((*ast.FuncDecl)(nil)) {
				decl := d.Node().(*ast.FuncDecl)
				s.Name += " in " + declName(decl, f.info.Defs[decl.Name])
				break
			}
		}
		return s, true
	}
	return Scope{}, false
}

// factoryRoute returns the route of the function literal that returns the
// literal at c: routes["/x"] = func(s *Server) http.HandlerFunc { return
// func(w, r) {...} }.
func (f *Finder) factoryRoute(c inspector.Cursor) (route, bool) {
	for range 3 {
		p := c.Parent()
		for {
			if _, ok := p.Node().(*ast.ParenExpr); !ok {
				break
			}
			p = p.Parent()
		}
		if _, ok := p.Node().(*ast.ReturnStmt); !ok {
			return route{}, false
		}
		outer := enclosingLit(p)
		if !outer.Valid() {
			return route{}, false
		}
		if r, ok := f.litRoutes[outer.Node().(*ast.FuncLit)]; ok {
			return r, true
		}
		c = outer
	}
	return route{}, false
}

func enclosingLit(c inspector.Cursor) inspector.Cursor {
	for fc := range c.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		if _, ok := fc.Node().(*ast.FuncLit); ok {
			return fc
		}
		break
	}
	return inspector.Cursor{}
}

// Enclosing returns the request scope that the code at c runs in: the
// innermost enclosing function that is a request scope, looking outward
// through function literals. A function literal run by sync.Once (Do,
// OnceFunc, OnceValue, OnceValues) ends the search: its body runs once per
// process, not once per request, even when a handler reaches it first.
func (f *Finder) Enclosing(c inspector.Cursor) (Scope, bool) {
	for fc := range c.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		if s, ok := f.Of(fc); ok {
			return s, true
		}
		if _, ok := fc.Node().(*ast.FuncDecl); ok {
			return Scope{}, false
		}
		if RunsOnce(f.info, fc) {
			return Scope{}, false
		}
	}
	return Scope{}, false
}

// RunsOnce reports whether the function literal at c is the argument of
// (*sync.Once).Do, sync.OnceFunc, sync.OnceValue or sync.OnceValues.
func RunsOnce(info *types.Info, c inspector.Cursor) bool {
	if _, ok := c.Node().(*ast.FuncLit); !ok {
		return false
	}
	// Look through parentheses.
	for {
		p := c.Parent()
		if _, ok := p.Node().(*ast.ParenExpr); !ok {
			break
		}
		c = p
	}
	call, ok := c.Parent().Node().(*ast.CallExpr)
	if !ok || ast.Unparen(call.Fun) == c.Node() {
		return false
	}
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "sync" {
		return false
	}
	switch fn.Name() {
	case "OnceFunc", "OnceValue", "OnceValues":
		return fn.Signature().Recv() == nil
	case "Do":
		recv := fn.Signature().Recv()
		return recv != nil && sqlapi.IsNamed(recv.Type(), "sync", "Once")
	}
	return false
}

// kindOf recognizes a handler signature.
func kindOf(sig *types.Signature) Kind {
	params, results := sig.Params(), sig.Results()
	for i := 0; i+1 < params.Len(); i++ {
		if isNamed(params.At(i).Type(), netHTTP, "ResponseWriter") && sqlapi.IsPointerTo(params.At(i+1).Type(), netHTTP, "Request") {
			return HTTP
		}
	}
	if params.Len() != 1 {
		return None
	}
	p := params.At(0).Type()
	returnsError := results.Len() == 1 && isError(results.At(0).Type())
	switch {
	case results.Len() == 0 && sqlapi.IsPointerTo(p, gin, "Context"):
		return Gin
	case returnsError && (isNamed(p, echoV4, "Context") || isNamed(p, echoV3, "Context") || isNamed(p, echoV5, "Context") || sqlapi.IsPointerTo(p, echoV5, "Context")):
		return Echo
	case returnsError && (sqlapi.IsPointerTo(p, fiberV2, "Ctx") || isNamed(p, fiberV3, "Ctx")):
		return Fiber
	}
	return None
}

// CarriesRequest reports whether a value of type t carries what a client
// sent: an *http.Request, a *gin.Context, an echo.Context, a fiber context.
func CarriesRequest(t types.Type) bool {
	if t == nil {
		return false
	}
	return sqlapi.IsPointerTo(t, netHTTP, "Request") || sqlapi.IsPointerTo(t, gin, "Context") ||
		isNamed(t, echoV3, "Context") || isNamed(t, echoV4, "Context") || isNamed(t, echoV5, "Context") || sqlapi.IsPointerTo(t, echoV5, "Context") ||
		sqlapi.IsPointerTo(t, fiberV2, "Ctx") || isNamed(t, fiberV3, "Ctx")
}

// isServiceMethod reports whether fn is a method of a gRPC service
// implementation: its receiver type embeds a generated
// Unimplemented<Service>Server that has a method of the same name, or
// fn has the unary shape (context.Context, *Req) (*Resp, error) and the
// receiver embeds such a type; or the receiver type is registered with a
// generated Register<Service>Server whose interface has the method.
func (f *Finder) isServiceMethod(fn *types.Func) bool {
	recv := fn.Signature().Recv()
	if recv == nil || !fn.Exported() {
		return false
	}
	named := sqlapi.NamedOf(recv.Type())
	if named == nil {
		return false
	}
	if unimpl := unimplementedServer(named, 0); unimpl != nil {
		if hasMethod(unimpl, fn.Name()) || isUnary(fn.Signature()) {
			return true
		}
	}
	f.scan()
	return f.services[named.Obj()][fn.Name()]
}

// unimplementedServer returns the generated Unimplemented...Server type
// that named embeds, directly or through embedded structs.
func unimplementedServer(named *types.Named, depth int) *types.Named {
	st, ok := named.Underlying().(*types.Struct)
	if !ok || depth > 3 {
		return nil
	}
	for i := range st.NumFields() {
		field := st.Field(i)
		if !field.Embedded() {
			continue
		}
		emb := sqlapi.NamedOf(field.Type())
		if emb == nil {
			continue
		}
		name := emb.Obj().Name()
		if strings.HasPrefix(name, "Unimplemented") && strings.HasSuffix(name, "Server") && len(name) > len("UnimplementedServer") {
			return emb
		}
		if u := unimplementedServer(emb, depth+1); u != nil {
			return u
		}
	}
	return nil
}

func hasMethod(t *types.Named, name string) bool {
	obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(t), true, t.Obj().Pkg(), name)
	_, ok := obj.(*types.Func)
	return ok
}

// isUnary reports whether sig is (context.Context, *Req) (*Resp, error).
func isUnary(sig *types.Signature) bool {
	p, r := sig.Params(), sig.Results()
	if p.Len() != 2 || r.Len() != 2 {
		return false
	}
	_, reqPtr := types.Unalias(p.At(1).Type()).(*types.Pointer)
	_, respPtr := types.Unalias(r.At(0).Type()).(*types.Pointer)
	return isNamed(p.At(0).Type(), "context", "Context") && reqPtr && respPtr && isError(r.At(1).Type())
}
