package ctxquery_test

import (
	"testing"
)

// The layers services put in front of the database: sqlc's generated
// Queries (recognized by shape), whose methods take the context first;
// gorm chains run without WithContext; bun builders.
func TestLayersDetachedFromTheContextAtHandAreReportedAndFixed(t *testing.T) {
	t.Parallel()
	fixes.Check(t, "ctxquery/sqlc", "ctxquery/orm")
}
