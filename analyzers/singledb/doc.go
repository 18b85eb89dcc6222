// Package singledb defines an Analyzer that reports connection pools opened
// per request, per call or per loop iteration instead of once per process.
//
// # Analyzer singledb
//
// singledb: report connection pools opened per request or per loop iteration instead of once at startup
//
// A *sql.DB (like a *sqlx.DB, a *pgxpool.Pool or a *gorm.DB) is not a
// connection: it is a long-lived pool, safe for concurrent use, meant to be
// opened once when the process starts and shared. Opened per request, every
// request pays a TCP+TLS+authentication handshake, and every request has its
// own pool, so the pool's limits (SetMaxOpenConns, MaxConns) limit nothing:
// under load the connections multiply until the database refuses them
// (PostgreSQL: "sorry, too many clients already").
//
// The analyzer reports:
//
//   - a pool opener (sql.Open, sql.OpenDB, sqlx.Open/Connect/MustConnect/
//     MustOpen/ConnectContext, pgxpool.New/NewWithConfig, v4
//     pgxpool.Connect/ConnectConfig, pgx stdlib.OpenDB, gorm.Open, gorm v1's
//     gorm.Open), or a function of the same package that returns a freshly
//     opened pool (a constructor), called in a request scope;
//   - a call, in a request scope or in a loop, of a function of the same
//     package that opens a pool and closes it before it returns (a per-call
//     pool), directly or through other functions of the package; the message
//     gives the lines where that pool is opened and closed;
//   - an opener in a loop whose pool is closed in the same iteration.
//
// Request scopes are recognized by types: functions and literals taking
// (http.ResponseWriter, *http.Request) next to each other (http.HandlerFunc,
// ServeHTTP methods, httprouter handlers, func(db, w, r)), gin handlers
// (func(*gin.Context)), echo handlers (func(echo.Context) error), fiber
// handlers (func(*fiber.Ctx) error), methods of gRPC service implementations (a type
// embedding a generated Unimplemented...Server, or registered with a
// generated Register...Server), and functions passed with a constant path to
// a route registration method (r.GET("/x", h), app.Get, mux.HandleFunc).
// Code inside them runs per request, closures included, except a function
// literal run by sync.Once (Do, OnceFunc, OnceValue, OnceValues).
//
// A pool opened and closed without being used, to validate a DSN, is not
// reported: sql.Open, sql.OpenDB and pgxpool.New connect to nothing until the
// pool is used (sqlx.Connect, gorm.Open and v4 pgxpool.Connect do connect).
//
// It stays silent on the code that opens pools correctly: main, init, tests,
// constructors that return the pool or store it in a struct field or a
// package variable, lazy initialization under sync.Once or in a field
// (even in a handler), caches of pools keyed per tenant or shard (a pool
// stored in a map, a sync.Map or through a method of a long-lived value), and
// a per-call pool that is not called per request or in a loop: a CLI's
// run() or a migration tool opening, using and closing its pool once is
// correct. A loop whose pool depends on the iteration (one database per
// tenant, per DSN of a list) is left alone too, and so is a helper of
// another package, whose body the analyzer does not read. Generated files
// are not analyzed. Test code (_test.go files, functions taking a
// *testing.T, B, F or testing.TB, test harness packages) opens pools as it
// likes: a pool per test or per iteration fails no test run;
// -singledb.tests reports it as any other code.
//
// Bad:
//
//	func (s *Server) HandleOrders(w http.ResponseWriter, r *http.Request) {
//		db, err := sql.Open("postgres", s.dsn) // a new pool, and a handshake, per request
//		if err != nil { ... }
//		defer db.Close()
//		rows, err := db.QueryContext(r.Context(), "SELECT ...")
//		...
//	}
//
// Good:
//
//	func main() {
//		db, err := sql.Open("postgres", os.Getenv("DATABASE_URL")) // once
//		...
//		s := &Server{db: db}
//		http.HandleFunc("/orders", s.HandleOrders)
//	}
//
//	func (s *Server) HandleOrders(w http.ResponseWriter, r *http.Request) {
//		rows, err := s.db.QueryContext(r.Context(), "SELECT ...")
//		...
//	}
//
// With -singledb.loops=false, loops are not checked: only request scopes are.
package singledb
