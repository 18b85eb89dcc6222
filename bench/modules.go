package main

// corpusModules are the public modules whose packages make the benchmark
// corpus. Their versions are the ones bench/go.mod requires (explicit
// versions: the proxy refuses @latest for some of them). The target set is
// every package of these modules that imports database/sql, pgx (v5, v4 and
// their pools) or sqlx, plus database/sql itself; see targets.go. A module
// nested in another (river's drivers) is listed on its own: a module's
// targets are its own packages only.
//
// To add a module: `go get <module>@<version>` in bench/, add it here, run
// `go run . -gen-corpus` (rewrites corpus.go so that `go mod tidy` keeps the
// dependencies of every target), add any main package it prints to the tool
// block of go.mod, then `go mod tidy`.
var corpusModules = []string{
	"github.com/pressly/goose/v3",
	"github.com/jmoiron/sqlx",
	"github.com/k3s-io/kine",
	"github.com/golang-migrate/migrate/v4",
	"github.com/amacneil/dbmate/v2",
	"github.com/rubenv/sql-migrate",
	"github.com/prometheus-community/postgres_exporter",
	"github.com/jackc/pgx/v5",
	"github.com/go-sql-driver/mysql",
	"github.com/lib/pq",
	"github.com/go-gorp/gorp/v3",
	"github.com/Masterminds/squirrel",
	// pgx-native code: a job queue and its drivers, a migration tool.
	"github.com/riverqueue/river",
	"github.com/riverqueue/river/riverdriver/riverpgxv5",
	"github.com/riverqueue/river/riverdriver/riverdatabasesql",
	"github.com/jackc/tern/v2",
	// services and libraries with transactions in application code.
	"miniflux.app/v2",
	"github.com/openfga/openfga",
	"github.com/vgarvardt/gue/v5",
	"github.com/ThreeDotsLabs/watermill-sql/v4",
	"github.com/georgysavva/scany/v2",
	"github.com/uptrace/bun",
	"github.com/doug-martin/goqu/v9",
	"github.com/stephenafamo/bob",
}

// smokeModules is the corpus of the smoke run (-smoke): one small module.
var smokeModules = []string{
	"github.com/jmoiron/sqlx",
}

// peerModules are the peer linters, pinned in bench/go.mod and wrapped by
// the drivers under bench/drivers.
var peerModules = []string{
	"github.com/ryanrolds/sqlclosecheck",
	"github.com/jingyugao/rowserrcheck",
	"github.com/sonatard/noctx",
	"github.com/MirrexOne/unqueryvet",
}

// stdlibTarget is always part of the target set.
const stdlibTarget = "database/sql"
