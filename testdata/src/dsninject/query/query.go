// Package query appends query parameters to a DSN from elsewhere: URL
// advice, not key=value advice.
package query

import (
	"database/sql"
	"os"
)

func OpenSchema(schema string) (*sql.DB, error) {
	dsn := os.Getenv("DATABASE_URL") // postgres://...?sslmode=require
	if schema != "" {
		dsn += "&search_path=" + schema // want `^DSN for sql\.Open built from dsn, schema: a value with & or # breaks the options; build the query with url\.Values$`
	}
	return sql.Open("postgres", dsn)
}
