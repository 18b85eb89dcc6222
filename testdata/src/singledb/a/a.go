// Package a holds net/http request scopes, per-call pools and loops.
package a

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"net/http"
	"os"
	"sync"

	pgxv5 "github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/jmoiron/sqlx"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"

	pgxpoolv4 "github.com/jackc/pgx/v4/pgxpool"
)

var dsn = os.Getenv("DATABASE_URL")

// Server holds the process-wide pool.
type Server struct {
	db    *sql.DB
	once  sync.Once
	mu    sync.Mutex
	pools map[string]*sql.DB
	cache sync.Map
}

// ---- (1) an opener in a request scope -------------------------------------

func HandleOrders(w http.ResponseWriter, r *http.Request) {
	db, err := sql.Open("postgres", dsn) // want `^sql\.Open in this HTTP handler opens a pool per request, so connections multiply under load; open one at startup$`
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer db.Close()
	rows, err := db.QueryContext(r.Context(), "SELECT id FROM orders")
	if err != nil {
		return
	}
	defer rows.Close()
}

// HandleNoClose never closes its pool: the pool leaks too.
func HandleNoClose(w http.ResponseWriter, r *http.Request) {
	db, _ := sqlx.Connect("postgres", dsn) // want `^sqlx\.Connect in this HTTP handler opens a pool per request, so connections multiply under load; open one at startup$`
	var n int
	_ = db.GetContext(r.Context(), &n, "SELECT 1")
}

type repo struct{ db *sqlx.DB }

func newRepo(db *sqlx.DB) *repo { return &repo{db: db} }

// HandleRepo passes its per-request pool on: still one pool per request.
func HandleRepo(w http.ResponseWriter, r *http.Request) {
	db := sqlx.MustConnect("postgres", dsn) // want `^sqlx\.MustConnect in this HTTP handler opens a pool per request, so connections multiply under load; open one at startup$`
	rp := newRepo(db)
	_ = rp
	var n int
	_ = sqlx.MustOpen("postgres", dsn).GetContext(r.Context(), &n, "SELECT 1") // want `^sqlx\.MustOpen in this HTTP handler opens a pool per request, so connections multiply under load; open one at startup$`
}

type legacyHandler struct{ dsn string }

func (h *legacyHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	pool, err := pgxpool.New(r.Context(), h.dsn) // want `^pgxpool\.New in this HTTP handler opens a pool per request, so connections multiply under load; open one at startup$`
	if err != nil {
		return
	}
	defer pool.Close()
	_ = pool.Ping(r.Context())
}

func (s *Server) Routes(mux *http.ServeMux) {
	mux.HandleFunc("/reports", func(w http.ResponseWriter, r *http.Request) {
		p, err := pgxpoolv4.Connect(r.Context(), dsn) // want `^pgxpool\.Connect in this HTTP handler opens a pool per request, so connections multiply under load; open one at startup$`
		if err != nil {
			return
		}
		defer p.Close()
	})
	mux.Handle("GET /ledger/{id}", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cfg, _ := pgxv5.ParseConfig(dsn)
		db := stdlib.OpenDB(*cfg) // want `^stdlib\.OpenDB in this HTTP handler opens a pool per request, so connections multiply under load; open one at startup$`
		defer db.Close()
		_, _ = db.ExecContext(r.Context(), "SELECT 1")
	}))
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		g, err := gorm.Open(postgres.Open(dsn), &gorm.Config{}) // want `^gorm\.Open in this HTTP handler opens a pool per request, so connections multiply under load; open one at startup$`
		if err != nil {
			return
		}
		g.Exec("SELECT 1")
	})
	mux.Handle("/gorm", h)
}

// HandleAsync opens its pool in a goroutine started per request.
func HandleAsync(w http.ResponseWriter, r *http.Request) {
	go func() {
		db, err := sqlx.ConnectContext(context.Background(), "postgres", dsn) // want `^sqlx\.ConnectContext in this HTTP handler opens a pool per request, so connections multiply under load; open one at startup$`
		if err != nil {
			return
		}
		defer db.Close()
	}()
}

func HandleConnector(w http.ResponseWriter, r *http.Request, c driver.Connector) {
	db := sql.OpenDB(c) // want `^sql\.OpenDB in this HTTP handler opens a pool per request, so connections multiply under load; open one at startup$`
	defer db.Close()
	_ = db.PingContext(r.Context())
}

// openDB is a constructor: it returns the pool it opens (silent here).
func openDB(dsn string) (*sql.DB, error) {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return nil, err
	}
	if err := db.Ping(); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// openWrapped returns its opener's result directly.
func openWrapped() (*sqlx.DB, error) {
	return sqlx.Open("postgres", dsn)
}

func HandleViaConstructor(w http.ResponseWriter, r *http.Request) {
	db, err := openDB(dsn) // want `^openDB in this HTTP handler opens a pool per request, so connections multiply under load; open one at startup$`
	if err != nil {
		return
	}
	defer db.Close()
	x, _ := openWrapped() // want `^openWrapped in this HTTP handler opens a pool per request, so connections multiply under load; open one at startup$`
	_ = x.PingContext(r.Context())
}

func HandleSuppressed(w http.ResponseWriter, r *http.Request) {
	//dbpoollint:ignore singledb admin endpoint hit once a day by an operator
	db, _ := sql.Open("postgres", dsn)
	defer db.Close()
	_ = db.PingContext(r.Context())
}

// HandleValidate opens a pool only to validate a DSN: sql.Open connects to
// nothing until the pool is used, and the pool is closed unused.
func HandleValidate(w http.ResponseWriter, r *http.Request) {
	db, err := sql.Open("postgres", r.URL.Query().Get("dsn"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	db.SetMaxOpenConns(1)
	db.Close()
	_ = validateDSN(r.URL.Query().Get("dsn"))
}

// validateDSN is a per-call pool that never connects.
func validateDSN(dsn string) error {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return err
	}
	return db.Close()
}

// ---- silent: lazy initialization, caches, stores ---------------------------

func (s *Server) HandleOnce(w http.ResponseWriter, r *http.Request) {
	s.once.Do(func() {
		db, err := sql.Open("postgres", dsn)
		if err != nil {
			return
		}
		s.db = db
	})
}

var getDB = sync.OnceValue(func() *sql.DB {
	db, _ := sql.Open("postgres", dsn)
	return db
})

var getDB2 = sync.OnceValues(func() (*sql.DB, error) {
	return sql.Open("postgres", dsn)
})

func HandleOnceValue(w http.ResponseWriter, r *http.Request) {
	_ = getDB().PingContext(r.Context())
	db, _ := getDB2()
	_ = db
}

func (s *Server) HandleLazyField(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	if s.db == nil {
		var err error
		s.db, err = sql.Open("postgres", dsn)
		_ = err
	}
	s.mu.Unlock()
}

func (s *Server) HandleLazyLocal(w http.ResponseWriter, r *http.Request) {
	if s.db == nil {
		db, err := sql.Open("postgres", dsn)
		if err != nil {
			return
		}
		s.db = db
	}
}

func (s *Server) HandleTenant(w http.ResponseWriter, r *http.Request) {
	tenant := r.Header.Get("X-Tenant")
	s.mu.Lock()
	db, ok := s.pools[tenant]
	if !ok {
		db, _ = sql.Open("postgres", dsn+"/"+tenant)
		s.pools[tenant] = db
	}
	s.mu.Unlock()
	_ = db.PingContext(r.Context())
}

func (s *Server) HandleTenantSyncMap(w http.ResponseWriter, r *http.Request) {
	tenant := r.Header.Get("X-Tenant")
	if v, ok := s.cache.Load(tenant); ok {
		_ = v.(*sql.DB).PingContext(r.Context())
		return
	}
	db, _ := sql.Open("postgres", dsn+"/"+tenant)
	actual, _ := s.cache.LoadOrStore(tenant, db)
	_ = actual
}

var pools = map[string]*sql.DB{}

func HandleTenantGlobal(w http.ResponseWriter, r *http.Request) {
	tenant := r.URL.Query().Get("tenant")
	if _, ok := pools[tenant]; !ok {
		pools[tenant], _ = sql.Open("postgres", dsn+"/"+tenant)
	}
}

// poolFor is a cache of pools per shard: it keeps what it opens.
func (s *Server) poolFor(shard string) (*sql.DB, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if db, ok := s.pools[shard]; ok {
		return db, nil
	}
	db, err := sql.Open("postgres", dsn+"/"+shard)
	if err != nil {
		return nil, err
	}
	s.pools[shard] = db
	return db, nil
}

func (s *Server) HandleShard(w http.ResponseWriter, r *http.Request) {
	db, err := s.poolFor(r.URL.Query().Get("shard"))
	if err != nil {
		return
	}
	_ = db.PingContext(r.Context())
}

// ordersHandler is a handler factory: the pool is opened once, when the
// routes are built, and the handler shares it.
func ordersHandler() http.HandlerFunc {
	db := sqlx.MustConnect("postgres", dsn)
	return func(w http.ResponseWriter, r *http.Request) {
		var n int
		_ = db.GetContext(r.Context(), &n, "SELECT 1")
	}
}

// lazyHandler initializes a pool captured from the factory on first use.
func lazyHandler() http.HandlerFunc {
	var db *sql.DB
	var mu sync.Mutex
	return func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		if db == nil {
			db, _ = sql.Open("postgres", dsn)
		}
		mu.Unlock()
	}
}

// NewServer is a constructor that stores the pool.
func NewServer() (*Server, error) {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return nil, err
	}
	return &Server{db: db, pools: map[string]*sql.DB{}}, nil
}

func (s *Server) connect() error {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return err
	}
	if err := db.Ping(); err != nil {
		db.Close()
		return err
	}
	s.db = db
	return nil
}

// The idiomatic twin of HandleOrders.
func (s *Server) HandleOrdersShared(w http.ResponseWriter, r *http.Request) {
	if err := s.connect(); err != nil { // a lazily set field, not a per-call pool
		return
	}
	rows, err := s.db.QueryContext(r.Context(), "SELECT id FROM orders")
	if err != nil {
		return
	}
	defer rows.Close()
}

// ---- (2) per-call pools -------------------------------------------------------

// loadTotals opens and closes a pool per call.
func loadTotals(ctx context.Context) (int, error) {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var n int
	err = db.QueryRowContext(ctx, "SELECT count(*) FROM orders").Scan(&n)
	return n, err
}

// LoadTotals is exported for package b.
func LoadTotals(ctx context.Context) (int, error) { return loadTotals(ctx) }

func HandleTotals(w http.ResponseWriter, r *http.Request) {
	n, err := loadTotals(r.Context()) // want `^loadTotals opens a pool per call, so one per request in this HTTP handler: connections multiply under load; pass it a \*sql\.DB$`
	_, _ = n, err
	m, err := LoadTotals(r.Context()) // want `^LoadTotals opens a pool per call, so one per request in this HTTP handler: connections multiply under load; pass it a \*sql\.DB$`
	_, _ = m, err
}

// audit is a per-call method: gorm, closed through DB().
func (s *Server) audit(ctx context.Context, event string) error {
	g, err := gorm.Open(postgres.Open(dsn), &gorm.Config{})
	if err != nil {
		return err
	}
	sqlDB, err := g.DB()
	if err != nil {
		return err
	}
	defer sqlDB.Close()
	g.Exec("INSERT INTO audit VALUES (?)", event)
	return nil
}

// stats closes in a deferred closure.
func stats(ctx context.Context) error {
	pool, err := pgxpool.New(ctx, dsn)
	if err != nil {
		return err
	}
	defer func() {
		pool.Close()
	}()
	return pool.Ping(ctx)
}

// wrapped closes a sqlx wrapper of its pool, and checks the error of Close.
func wrapped() error {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return err
	}
	x := sqlx.NewDb(db, "postgres")
	if err := x.Close(); err != nil {
		return err
	}
	return nil
}

// withPool is generic, and returns what its callback computes.
func withPool[T any](ctx context.Context, fn func(*sql.DB) (T, error)) (T, error) {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		var zero T
		return zero, err
	}
	defer db.Close()
	return fn(db)
}

func (s *Server) HandleAudit(w http.ResponseWriter, r *http.Request) {
	_ = s.audit(r.Context(), "seen") // want `^audit opens a pool per call, so one per request in this HTTP handler: connections multiply under load; pass it a \*gorm\.DB$`
	f := s.audit
	_ = f(r.Context(), "again")                                   // want `^audit opens a pool per call, so one per request in this HTTP handler: connections multiply under load; pass it a \*gorm\.DB$`
	_ = stats(r.Context())                                        // want `^stats opens a pool per call, so one per request in this HTTP handler: connections multiply under load; pass it a \*pgxpool\.Pool$`
	_ = wrapped()                                                 // want `^wrapped opens a pool per call, so one per request in this HTTP handler: connections multiply under load; pass it a \*sql\.DB$`
	n, _ := withPool(r.Context(), func(db *sql.DB) (int, error) { // want `^withPool opens a pool per call, so one per request in this HTTP handler: connections multiply under load; pass it a \*sql\.DB$`
		return 1, nil
	})
	m, _ := withPool[string](r.Context(), func(db *sql.DB) (string, error) { return "", nil }) // want `^withPool opens a pool per call, so one per request in this HTTP handler: connections multiply under load; pass it a \*sql\.DB$`
	_, _ = n, m
}

// Store is an interface: a call through it is not followed.
type Store interface {
	Totals(ctx context.Context) (int, error)
}

type perCallStore struct{}

func (perCallStore) Totals(ctx context.Context) (int, error) { return loadTotals(ctx) }

func HandleInterface(w http.ResponseWriter, r *http.Request, st Store) {
	_, _ = st.Totals(r.Context())
}

// ---- silent: not per-call pools ---------------------------------------------

// leaky never closes its pool: not a per-call pool by this analyzer's rule.
func leaky() error {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return err
	}
	return db.Ping()
}

// closeOnError closes only when it fails, and returns the pool otherwise.
func closeOnError() (db *sql.DB, err error) {
	db, err = sql.Open("postgres", dsn)
	defer func() {
		if err != nil {
			db.Close()
		}
	}()
	err = db.Ping()
	return db, err
}

var initOnce sync.Once

// warmUp opens a pool once per process.
func warmUp() {
	initOnce.Do(func() {
		db, _ := sql.Open("postgres", dsn)
		defer db.Close()
		_ = db.Ping()
	})
}

func HandleNotPerCall(w http.ResponseWriter, r *http.Request) {
	_ = leaky()
	_, _ = closeOnError()
	warmUp()
	if s, err := NewServer(); err == nil {
		_ = s
	}
}

// run is what a CLI does: open, use, close, once.
func run() error {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	return db.Ping()
}

func Main() {
	if err := run(); err != nil {
		os.Exit(1)
	}
}

// PoolStore wraps the pool by embedding.
type PoolStore struct {
	*sql.DB
}

// openStore is a constructor returning a wrapper of the pool it opens.
func openStore() (*PoolStore, error) {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return nil, err
	}
	return &PoolStore{DB: db}, nil
}

// OpenPool is exported for package b.
func OpenPool() (*sql.DB, error) { return openDB(dsn) }

func HandleStore(w http.ResponseWriter, r *http.Request) {
	st, err := openStore() // want `^openStore in this HTTP handler opens a pool per request, so connections multiply under load; open one at startup$`
	if err != nil {
		return
	}
	defer st.Close()
	_ = st.PingContext(r.Context())
	db, _ := OpenPool() // want `^OpenPool in this HTTP handler opens a pool per request, so connections multiply under load; open one at startup$`
	_ = db.PingContext(r.Context())
}

// inlineIf opens its pool in an if statement's init and closes it in the body.
func inlineIf(ctx context.Context) error {
	if db, err := sql.Open("postgres", dsn); err == nil {
		defer db.Close()
		return db.PingContext(ctx)
	}
	return nil
}

func HandleInlineIf(w http.ResponseWriter, r *http.Request) {
	_ = inlineIf(r.Context()) // want `^inlineIf opens a pool per call, so one per request in this HTTP handler: connections multiply under load; pass it a \*sql\.DB$`
}

// ---- a same-package helper that never returns ends the paths through it ----

// die never returns.
func die(msg string) { panic(msg) }

// auditOrDie opens and closes its own pool: the path that leaves it open
// goes through die, which never returns.
func auditOrDie(ctx context.Context, event string) {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		die(err.Error())
	}
	switch event {
	case "":
		die("empty event")
	default:
		_, _ = db.ExecContext(ctx, "INSERT INTO audit VALUES ($1)", event)
		db.Close()
	}
}

func HandleAuditOrDie(w http.ResponseWriter, r *http.Request) {
	auditOrDie(r.Context(), "seen") // want `^auditOrDie opens a pool per call, so one per request in this HTTP handler: connections multiply under load; pass it a \*sql\.DB$`
}
