package pooldeadlock_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/dbpoollint/dbpoollint/analyzers/pooldeadlock"
	"github.com/dbpoollint/dbpoollint/internal/testroot"
)

// Package a: database/sql and sqlx; pgx: pgxpool with pgx.Tx, pgxpool.Conn,
// pgx.Rows and BeginFunc; each way round, with the idiomatic twins silent.
func TestASecondConnectionFromAHeldPoolIsReported(t *testing.T) {
	t.Parallel()
	testroot.MessagesFit(t, analysistest.Run(t, testroot.TestData(), pooldeadlock.New(), "pooldeadlock/a", "pooldeadlock/pgx", "pooldeadlock/sqlc", "pooldeadlock/structs", "pooldeadlock/orm"))
}

func TestTheFixRunsTheCallOnTheHeldTransaction(t *testing.T) {
	t.Parallel()
	testroot.MessagesFit(t, analysistest.RunWithSuggestedFixes(t, testroot.TestData(), pooldeadlock.New(), "pooldeadlock/fix"))
}
