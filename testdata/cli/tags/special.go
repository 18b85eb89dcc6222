//go:build special

package tags

import "database/sql"

func limit(db *sql.DB) { db.SetMaxOpenConns(0) }
