// Package migreg is a project's own registry of Go migrations (stash's
// sqlite.RegisterPostMigration) and of periodic jobs: nothing a library
// list knows.
package migreg

import (
	"context"
	"database/sql"
	"time"

	"github.com/jmoiron/sqlx"
)

// RegisterPostMigration runs fn once, after the schema reaches version v.
func RegisterPostMigration(v uint, fn func(context.Context, *sqlx.DB) error) {}

// RegisterTxMigration runs fn once, in the transaction of version v.
func RegisterTxMigration(v uint, fn any) {}

// Every runs fn every d, for as long as the process lives.
func Every(d time.Duration, fn func(context.Context, *sql.DB) error) {}
