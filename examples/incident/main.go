// Command incident is a small payment service that reproduces the outage
// dbpoollint was written after. Its pool was configured with
// SetMaxOpenConns(0) by someone who believed 0 meant "a sensible default"; in
// Go it means unlimited. A traffic spike opened connections until PostgreSQL
// answered "sorry, too many clients already", retries piled up, and every
// service on that database went down with it.
//
// Each deliberate mistake carries a comment starting with "BUG(<analyzer>)"
// that says what is wrong; its idiomatic twin, which dbpoollint leaves alone,
// sits next to it. Run dbpoollint on it:
//
//	go run ./cmd/dbpoollint ./examples/...
//
// It compiles with the standard library only: no driver is imported, so
// sql.Open fails at run time unless a driver is linked in. The code is meant
// to be read and linted, not deployed.
package main

import (
	"database/sql"
	"log"
	"net/http"
	"os"
	"time"
)

// Server holds the process-wide pools. *sql.DB is a pool and is safe for
// concurrent use: open it once, share it.
type Server struct {
	db      *sql.DB // payments primary
	reports *sql.DB // read replica for reports
	audit   *sql.DB // audit log, behind PgBouncer
	archive *sql.DB // cold storage
	extra   []*sql.DB
}

// routes maps URL patterns to handlers; each file of the service adds its own.
var routes = map[string]func(*Server) http.HandlerFunc{}

func main() {
	db, err := sql.Open("postgres", os.Getenv("DATABASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	// BUG(maxopenzero): 0 was meant as "use the default"; it means unlimited.
	// Under a spike the pool opens connections until the database refuses them.
	db.SetMaxOpenConns(0)
	db.SetMaxIdleConns(10)

	reports, err := openReportsPool(os.Getenv("REPORTS_DATABASE_URL"))
	if err != nil {
		log.Fatal(err)
	}

	audit, err := openAuditPool(os.Getenv("AUDIT_DATABASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	archive, err := openArchivePool(os.Getenv("ARCHIVE_DATABASE_URL"))
	if err != nil {
		log.Fatal(err)
	}

	s := &Server{db: db, reports: reports, audit: audit, archive: archive}
	for name, open := range map[string]func(string) (*sql.DB, error){
		"PAYMENTS_RO": openPaymentsPool, "SEARCH": openSearchPool, "SESSIONS": openSessionsPool, "RATES": openRatesPool,
	} {
		pool, err := open(os.Getenv(name + "_DATABASE_URL"))
		if err != nil {
			log.Fatal(err)
		}
		s.extra = append(s.extra, pool)
	}
	mux := http.NewServeMux()
	for pattern, h := range routes {
		mux.HandleFunc(pattern, h(s))
	}
	srv := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	log.Fatal(srv.ListenAndServe())
}

// Sizing for the reports replica: max_connections is 200, minus 20 kept for
// migrations, psql and monitoring, shared by 6 instances of this service.
const (
	replicaMaxConnections = 200
	replicaReserved       = 20
	instances             = 6
	reportsMaxOpenConns   = (replicaMaxConnections - replicaReserved) / instances
)

// openReportsPool is the idiomatic twin: the pool gets an explicit, positive
// limit derived from the server's capacity.
func openReportsPool(dsn string) (*sql.DB, error) {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(reportsMaxOpenConns)
	db.SetMaxIdleConns(reportsMaxOpenConns / 2)
	db.SetConnMaxLifetime(30 * time.Minute)
	return db, nil
}
