package ctxquery_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/dbpoollint/dbpoollint/analyzers/ctxquery"
	"github.com/dbpoollint/dbpoollint/internal/testroot"
)

// The layers services put in front of the database: sqlc's generated
// Queries (recognized by shape), whose methods take the context first;
// gorm chains run without WithContext; bun builders.
func TestLayersDetachedFromTheContextAtHandAreReportedAndFixed(t *testing.T) {
	t.Parallel()
	testroot.MessagesFit(t, analysistest.RunWithSuggestedFixes(t, testroot.TestData(), ctxquery.New(), "ctxquery/sqlc", "ctxquery/orm"))
}
