// Package reqscope exercises internal/reqscope: every request scope is
// reported ("scope: ..."), and every mark() says which scope it runs in.
package reqscope

import (
	"context"
	"net/http"
	"sync"

	"github.com/gin-gonic/gin"
	"github.com/gofiber/fiber/v2"
	"github.com/labstack/echo/v4"
	"google.golang.org/grpc"

	"singledb/pb"
)

func mark() {}

func Orders(w http.ResponseWriter, r *http.Request) { // want `scope: HTTP handler Orders`
	mark() // want `runs in HTTP handler Orders`
	go func() {
		mark() // want `runs in HTTP handler Orders`
	}()
}

// Params carries httprouter-style route parameters.
type Params []string

func WithParams(w http.ResponseWriter, r *http.Request, ps Params) { // want `scope: HTTP handler WithParams`
}

type api struct{ once sync.Once }

func (a *api) ServeHTTP(w http.ResponseWriter, r *http.Request) { // want `scope: HTTP handler api.ServeHTTP`
	a.once.Do(func() {
		mark() // want `runs in none`
	})
	f := sync.OnceFunc(func() { mark() }) // want `runs in none`
	f()
}

// Not handlers: the request alone, a writer alone, the wrong order.
func parse(r *http.Request) error                           { return nil }
func write(w http.ResponseWriter)                           {}
func swapped(r *http.Request, w http.ResponseWriter)        {}
func ginHelper(c *gin.Context, id int)                      {}
func ginValue(c gin.Context)                                {}
func echoNoError(c echo.Context)                            {}
func fiberNoError(c *fiber.Ctx)                             {}
func setup(mux *http.ServeMux, f func(http.ResponseWriter)) {}

func routes(mux *http.ServeMux) {
	mark()                                                                   // want `runs in none`
	mux.HandleFunc("/orders", func(w http.ResponseWriter, r *http.Request) { // want `scope: HTTP handler for "/orders"`
		mark() // want `runs in HTTP handler for "/orders"`
	})
	mux.Handle("POST /refunds/{id}", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { // want `scope: HTTP handler for "POST /refunds/{id}"`
	}))
	h := func(w http.ResponseWriter, r *http.Request) {} // want `scope: HTTP handler literal in routes`
	mux.Handle("/h", http.HandlerFunc(h))
	mux.HandleFunc("/orders2", Orders)
}

func Gin(c *gin.Context) {} // want `scope: gin handler Gin`

func ginRoutes(r *gin.Engine) {
	r.GET("/users", func(c *gin.Context) { // want `scope: gin handler for "/users"`
		mark() // want `runs in gin handler for "/users"`
	})
}

func Echo(c echo.Context) error { return nil } // want `scope: echo handler Echo`

func echoRoutes(e *echo.Echo) {
	e.GET("/items", func(c echo.Context) error { return nil }) // want `scope: echo handler for "/items"`
}

func Fiber(c *fiber.Ctx) error { return nil } // want `scope: fiber handler Fiber`

func fiberRoutes(app *fiber.App) {
	app.Get("/x", func(c *fiber.Ctx) error { return nil }) // want `scope: fiber handler for "/x"`
}

// A router this package does not know.
type myCtx struct{}

type router struct{}

func (*router) GET(path string, h func(*myCtx))          {}
func (*router) Walk(root string, fn func(path string))   {}
func (*router) Around(path string, fn func(path string)) {}

func legacyCreate(c *myCtx) {} // want `scope: route handler legacyCreate`

func customRoutes(rt *router) {
	rt.GET("/legacy", func(c *myCtx) { // want `scope: route handler for "/legacy"`
		mark() // want `runs in route handler for "/legacy"`
	})
	rt.GET("/legacy/new", legacyCreate)
	rt.Walk("/tmp", func(path string) {
		mark() // want `runs in none`
	})
}

// gRPC: a service implementation embedding the generated Unimplemented type.
type ordersServer struct {
	pb.UnimplementedOrdersServer
}

func (s *ordersServer) GetOrder(ctx context.Context, req *pb.GetOrderRequest) (*pb.Order, error) { // want `scope: gRPC method ordersServer.GetOrder`
	mark() // want `runs in gRPC method ordersServer.GetOrder`
	return nil, nil
}

func (s *ordersServer) ListOrders(req *pb.ListOrdersRequest, stream grpc.ServerStreamingServer[pb.Order]) error { // want `scope: gRPC method ordersServer.ListOrders`
	return nil
}

// Unary shape, not in the service: still an RPC-looking exported method.
func (s *ordersServer) Cancel(ctx context.Context, req *pb.GetOrderRequest) (*pb.Order, error) { // want `scope: gRPC method ordersServer.Cancel`
	return nil, nil
}

// Neither in the service nor of the unary shape, or unexported.
func (s *ordersServer) Close() error { return nil }
func (s *ordersServer) lookup(ctx context.Context, req *pb.GetOrderRequest) (*pb.Order, error) {
	return nil, nil
}

// A legacy service: no Unimplemented type, but a visible registration.
type inventory struct{}

func (inventory) Reserve(ctx context.Context, req *pb.ReserveRequest) (*pb.ReserveReply, error) { // want `scope: gRPC method inventory.Reserve`
	return nil, nil
}

func (inventory) Helper(ctx context.Context, req *pb.ReserveRequest) (*pb.ReserveReply, error) {
	return nil, nil
}

// Not registered: the same shape is not enough.
type unregistered struct{}

func (unregistered) Reserve(ctx context.Context, req *pb.ReserveRequest) (*pb.ReserveReply, error) {
	return nil, nil
}

func serve() {
	s := grpc.NewServer()
	pb.RegisterOrdersServer(s, &ordersServer{})
	pb.RegisterInventoryServer(s, inventory{})
}

// Tables of routes, and handler factories stored in them.
type Server struct{}

var table = map[string]func(*Server) http.HandlerFunc{}

var static = map[string]http.HandlerFunc{
	"/static": func(w http.ResponseWriter, r *http.Request) {}, // want `scope: HTTP handler for "/static"`
	"name":    func(w http.ResponseWriter, r *http.Request) {}, // want `scope: HTTP handler literal`
}

func init() {
	table["/payments"] = func(s *Server) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) { // want `scope: HTTP handler for "/payments"`
			mark() // want `runs in HTTP handler for "/payments"`
		}
	}
}

// A constant string that is not a path does not make a route.
func notRoutes(rt *router) {
	rt.Around("name", func(path string) {})
	rt.GET("name", func(c *myCtx) {
		mark() // want `runs in none`
	})
}

// A handler type that takes its dependencies first.
type Deps struct{}

func WithDeps(d *Deps, w http.ResponseWriter, r *http.Request) { // want `scope: HTTP handler WithDeps`
}
